import { QUOTA_NODE } from './paths';

/**
 * Quotas live in the tree itself (ZooKeeper's Quotas / StatsTrack): a quota on `/app` is the node
 * `/zookeeper/quota/app/zookeeper_limits` (limits, written by clients such as zkCli's setquota)
 * and `/zookeeper/quota/app/zookeeper_stats` (usage, kept up to date by the tree).
 */
export const LIMITS_NODE = 'zookeeper_limits';
export const STATS_NODE = 'zookeeper_stats';

export function limitsPath(quotaRoot: string): string {
  return `${QUOTA_NODE}${quotaRoot}/${LIMITS_NODE}`;
}
export function statsPath(quotaRoot: string): string {
  return `${QUOTA_NODE}${quotaRoot}/${STATS_NODE}`;
}

/**
 * The quota root a node directly under `/zookeeper/quota/...` speaks for
 * (`/zookeeper/quota/app` → `/app`), or '' right under /zookeeper/quota.
 */
export function quotaRootOf(quotaNodeParent: string): string {
  return quotaNodeParent.slice(QUOTA_NODE.length);
}

/**
 * StatsTrack's text: `count=N,bytes=N`, followed, when other keys are present, by `=` and
 * `;key=value` for each of them in key order — e.g. `count=10,bytes=-1=;byteHardLimit=1000;countHardLimit=-1`
 * (the stray `=` keeps pre-3.7 parsers working). Missing keys read as −1 (no limit).
 */
export class StatsTrack {
  readonly values = new Map<string, number>();

  static parse(text: string): StatsTrack {
    const track = new StatsTrack();
    if (text.length === 0) return track;
    for (const pair of text.split(/[,;]+/)) {
      const parts = pair.split('=').filter((part, index) => index < 2 || part.length > 0);
      const key = parts[0];
      const value = parts[1];
      if (key === undefined || key.length === 0 || value === undefined || parts.length > 2) continue;
      const number = Number(value);
      if (Number.isSafeInteger(number)) track.values.set(key, number);
    }
    return track;
  }

  get(key: string): number {
    return this.values.get(key) ?? -1;
  }
  set(key: string, value: number): void {
    this.values.set(key, value);
  }

  get count(): number {
    return this.get('count');
  }
  get bytes(): number {
    return this.get('bytes');
  }
  get countHardLimit(): number {
    return this.get('countHardLimit');
  }
  get byteHardLimit(): number {
    return this.get('byteHardLimit');
  }

  toString(): string {
    let out = `count=${this.count},bytes=${this.bytes}`;
    const others = [...this.values.keys()].filter((key) => key !== 'count' && key !== 'bytes').sort();
    if (others.length > 0) {
      out += '=';
      for (const key of others) out += `;${key}=${this.get(key)}`;
    }
    return out;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function statsTrackOf(data: Uint8Array): StatsTrack {
  return StatsTrack.parse(decoder.decode(data));
}
export function statsTrackBytes(track: StatsTrack): Uint8Array {
  return encoder.encode(track.toString());
}

/** A warning (soft limit) or refusal (hard limit) about a write under a quota. */
export interface QuotaCheck {
  quotaRoot: string;
  exceeded: 'count' | 'bytes';
  hard: boolean;
  current: number;
  limit: number;
}

/**
 * The limits that adding `countDiff` nodes and `bytesDiff` bytes under `quotaRoot` goes over
 * (empty when none); a hard limit replaces the soft one of the same kind, as in
 * ZooKeeperServer.checkQuota.
 */
export function checkQuotaLimits(
  quotaRoot: string,
  limits: StatsTrack,
  usage: StatsTrack,
  countDiff: number,
  bytesDiff: number,
): QuotaCheck[] {
  const out: QuotaCheck[] = [];
  if (countDiff !== 0 && (limits.count > -1 || limits.countHardLimit > -1)) {
    const hard = limits.countHardLimit > -1;
    const limit = hard ? limits.countHardLimit : limits.count;
    const current = usage.count + countDiff;
    if (current > limit) out.push({ quotaRoot, exceeded: 'count', hard, current, limit });
  }
  if (bytesDiff !== 0 && (limits.bytes > -1 || limits.byteHardLimit > -1)) {
    const hard = limits.byteHardLimit > -1;
    const limit = hard ? limits.byteHardLimit : limits.bytes;
    const current = usage.bytes + bytesDiff;
    if (current > limit) out.push({ quotaRoot, exceeded: 'bytes', hard, current, limit });
  }
  return out;
}
