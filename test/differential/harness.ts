/**
 * Differential testing: one scripted scenario runs against every target, each session records
 * every frame it receives (replies and notifications, in arrival order), and the recordings are
 * normalised and compared for equality with the real ZooKeeper's.
 *
 * Normalisation keeps what a client may rely on and drops what legitimately differs between
 * two servers: zxids become offsets from the scenario's first zxid (so gaps, shared zxids of a
 * multi and error txns still count), times become 'time' (their order is checked by scenarios
 * that care), session ids become the session's name in the scenario.
 */
import type { ClientRequest } from '@zkts/core';
import { errorName, OpCode } from '@zkts/core';
import type { DecodedResponse } from '@zkts/protocol';
import { RawClient, type RawConnectOptions, type RawFrame } from '../support/raw-client';
import type { RunningTarget } from '../support/targets';

const opNames = new Map<number, string>(Object.entries(OpCode).map(([name, code]) => [code, name]));

export interface Observation {
  /** Per session (in creation order): every frame received, normalised. */
  sessions: Record<string, unknown[]>;
  /** Explicit observations a scenario recorded with ctx.note(), normalised. */
  notes: unknown[];
}

export class ScenarioContext {
  /** A path prefix owned by this scenario, so scenarios can share one server. */
  readonly root: string;
  private readonly clients = new Map<string, RawClient>();
  private readonly retired: Array<[string, RawClient]> = [];
  private readonly notes: Array<[string, unknown]> = [];
  /** Sessions whose frames are left out of the recording (their fate is noted instead). */
  private readonly unrecorded = new Set<RawClient>();

  constructor(
    readonly target: RunningTarget,
    scenarioName: string,
  ) {
    this.root = `/${scenarioName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
  }

  /** Opens a new session named `name` (a name may be reused after `drop`). */
  async session(name: string, options: RawConnectOptions & { record?: boolean } = {}): Promise<RawClient> {
    const client = await RawClient.connect(this.target.host, this.target.port, options);
    if (options.record === false) this.unrecorded.add(client);
    const previous = this.clients.get(name);
    if (previous) {
      // The replaced session is kept as name', name'', … so none overwrites another.
      const earlier = this.retired.filter(([retired]) => retired.replace(/'+$/, '') === name).length;
      this.retired.push([`${name}${"'".repeat(earlier + 1)}`, previous]);
    }
    this.clients.set(name, client);
    if (client.timeOut > 0) client.keepAlive();
    return client;
  }

  client(name: string): RawClient {
    const client = this.clients.get(name);
    if (!client) throw new Error(`no session named ${name}`);
    return client;
  }

  /** Sends `request` on session `name` and returns the reply (it is recorded in the log too). */
  call(name: string, request: ClientRequest): Promise<DecodedResponse> {
    return this.client(name).request(request);
  }

  /**
   * A round trip on session `name`. Writes by other sessions that were already answered have
   * queued their notifications to this session before this reply, so after `flush` every
   * event they caused is in the log.
   */
  async flush(name: string): Promise<void> {
    // A path that never exists: the reply carries no Stat that other scenarios could change.
    await this.client(name).request({ type: OpCode.exists, path: '/zkts-flush', watch: false });
  }

  note(label: string, value: unknown): void {
    this.notes.push([label, value]);
  }

  async close(): Promise<void> {
    for (const client of this.clients.values()) await client.close().catch(() => {});
  }

  /** The normalised recording (call after the scenario finished). */
  observation(keepChildOrder = false): Observation {
    const all = [...this.retired, ...this.clients.entries()].filter(
      ([, client]) => !this.unrecorded.has(client),
    );
    // Unrecorded sessions still get their name wherever their id shows (e.g. ephemeralOwner).
    const everyone: Array<[string, RawClient]> = [...this.retired, ...this.clients.entries()];
    const sessionNames = new Map<bigint, string>(everyone.map(([name, client]) => [client.sessionId, name]));
    const zxids: number[] = [];
    for (const [, client] of all) for (const frame of client.log) collectZxids(frame, zxids);
    for (const [, value] of this.notes) collectZxids(value, zxids);
    const base = zxids.find((zxid) => zxid > 0) ?? 0;
    const normalise = (value: unknown) => normaliseValue(value, base, sessionNames, keepChildOrder);
    const sessions: Record<string, unknown[]> = {};
    for (const [name, client] of all)
      sessions[name] = client.log.map((frame) => normaliseFrame(frame, normalise));
    return { sessions, notes: this.notes.map(([label, value]) => ({ [label]: normalise(value) })) };
  }
}

function normaliseFrame(frame: RawFrame, normalise: (value: unknown) => unknown): unknown {
  if (frame.kind === 'unexpected') return { unexpected: true };
  if (frame.kind === 'event') {
    return { event: frame.event, zxid: normalise({ zxid: frame.zxid }) };
  }
  return {
    reply: opNames.get(frame.requestType) ?? frame.requestType,
    err: errorName(frame.err),
    ...(normalise({ zxid: frame.zxid }) as object),
    ...(frame.response === undefined ? {} : { response: normalise(frame.response) }),
  };
}

const ZXID_KEYS = new Set(['zxid', 'czxid', 'mzxid', 'pzxid']);
const TIME_KEYS = new Set(['ctime', 'mtime']);

function collectZxids(value: unknown, into: number[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectZxids(item, into);
  } else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const [key, item] of Object.entries(value)) {
      if (ZXID_KEYS.has(key) && typeof item === 'number') into.push(item);
      else collectZxids(item, into);
    }
  }
}

function normaliseValue(
  value: unknown,
  base: number,
  sessions: Map<bigint, string>,
  keepChildOrder: boolean,
): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'bigint') return value === 0n ? 0 : (sessions.get(value) ?? `0x${value.toString(16)}`);
  if (Array.isArray(value)) return value.map((item) => normaliseValue(item, base, sessions, keepChildOrder));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (ZXID_KEYS.has(key) && typeof item === 'number') {
        out[key] = item <= 0 ? item : `z${item - base >= 0 ? '+' : ''}${item - base}`;
      } else if ((key === 'children' || key === 'ephemerals') && Array.isArray(item) && !keepChildOrder) {
        out[key] = [...item].sort();
      } else if (TIME_KEYS.has(key) && typeof item === 'number') {
        out[key] = item > 0 ? 'time' : item;
      } else {
        out[key] = normaliseValue(item, base, sessions, keepChildOrder);
      }
    }
    return out;
  }
  return value;
}

export interface Scenario {
  name: string;
  /**
   * Compare getChildren and getEphemerals lists in server order. ZooKeeper returns them in
   * Java HashSet iteration order, which clients must not rely on; every other scenario sorts them.
   */
  keepChildOrder?: boolean;
  run(ctx: ScenarioContext): Promise<void>;
}

/** Runs `scenario` against one running target and returns its normalised recording. */
export async function observe(target: RunningTarget, scenario: Scenario): Promise<Observation> {
  const ctx = new ScenarioContext(target, scenario.name);
  try {
    await scenario.run(ctx);
  } finally {
    await ctx.close();
  }
  return ctx.observation(scenario.keepChildOrder ?? false);
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
