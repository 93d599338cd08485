/**
 * The Jepsen-style workload: each worker is one zkts client session issuing, one at a time,
 * reads, sync+reads, writes (setData -1) and CAS (setData with the version it last saw) on a
 * few keys, and records every op in a shared history.
 *
 * Each reply's zxid is what the ZooKeeper-guarantees checker needs: an update's is its Stat's
 * mzxid; a read's or a sync's is the client's `lastZxid` right after the reply, which with one
 * op in flight per session is that reply header's zxid (lastZxid is the session's maximum, so a
 * reply going back in zxid would be masked here, but its stale data would still break `state`).
 * An op whose outcome is unknown (connection loss, expiry, no reply in time) is recorded as lost.
 */
import {
  BadVersionError,
  ConnectionLossError,
  createClient,
  NoNodeError,
  SessionExpiredError,
  type ZooKeeperClient,
} from '@zkts/client';
import type { HistoryRecorder, ZkOutput, ZkSessionInput } from '@zkts/linearizability';
import { Random } from '../../../packages/zab/test/sim/random';

export type Recorder = HistoryRecorder<ZkSessionInput, ZkOutput>;

export interface WorkloadOptions {
  keys: readonly string[];
  /** The run's clock (ms, monotone). */
  now: () => number;
  /** An op without a reply this long is abandoned and recorded as lost. */
  opTimeoutMs: number;
  sessionTimeoutMs: number;
}

export interface WorkerStats {
  ok: number;
  failed: number;
  lost: number;
  sessions: number;
  /** Errors the register model has no word for (should stay empty). */
  unexpected: string[];
}

/** Hands out history client ids: a worker whose session expires continues as a new client. */
export class ClientIds {
  #next = 1;
  take(): number {
    return this.#next++;
  }
}

function open(connectString: string, options: WorkloadOptions): ZooKeeperClient {
  return createClient(connectString, {
    sessionTimeout: options.sessionTimeoutMs,
    connectTimeout: 2000,
    reconnectDelay: 200,
  });
}

/** Why an op failed, for the history: a model failure code, or lost. */
function classify(error: unknown): { code: 'NONODE' | 'BADVERSION' } | 'lost' | 'expired' | 'unexpected' {
  if (NoNodeError.isInstance(error)) return { code: 'NONODE' };
  if (BadVersionError.isInstance(error)) return { code: 'BADVERSION' };
  if (SessionExpiredError.isInstance(error)) return 'expired';
  if (ConnectionLossError.isInstance(error)) return 'lost';
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'lost';
  return 'unexpected';
}

/**
 * Runs one worker until `until` (on `options.now`). `seed` fixes its choice of ops, keys, values
 * and expected versions; the interleaving with other workers and faults is real time's.
 */
export async function runWorker(
  worker: number,
  connectString: string,
  seed: number,
  until: number,
  recorder: Recorder,
  ids: ClientIds,
  options: WorkloadOptions,
): Promise<WorkerStats> {
  const random = new Random(seed);
  const stats: WorkerStats = { ok: 0, failed: 0, lost: 0, sessions: 1, unexpected: [] };
  const versions = new Map<string, number>();
  let client = ids.take();
  let zk = open(connectString, options);
  let n = 0;
  try {
    while (options.now() < until) {
      const path = random.pick(options.keys);
      const roll = random.next();
      const value = `w${worker}-${n++}`;
      const kind = roll < 0.35 ? 'read' : roll < 0.45 ? 'sync-read' : roll < 0.7 ? 'write' : 'cas';
      const steps: ZkSessionInput[] =
        kind === 'read'
          ? [{ kind: 'read', path }]
          : kind === 'sync-read'
            ? [
                { kind: 'sync', path },
                { kind: 'read', path },
              ]
            : kind === 'write'
              ? [{ kind: 'write', path, value }]
              : [{ kind: 'cas', path, version: versions.get(path) ?? random.int(0, 3), value }];
      for (const input of steps) {
        const handle = recorder.invoke(client, input, options.now());
        const outcome = await perform(zk, input, options.opTimeoutMs).then(
          (output) => ({ output }),
          (error: unknown) => ({ error }),
        );
        if ('output' in outcome) {
          recorder.complete(handle, outcome.output, options.now());
          stats.ok += 1;
          if (outcome.output.ok && outcome.output.version !== undefined)
            versions.set(path, outcome.output.version);
          continue;
        }
        const verdict = classify(outcome.error);
        if (typeof verdict === 'object') {
          recorder.complete(handle, { ok: false, code: verdict.code, zxid: zk.lastZxid }, options.now());
          stats.failed += 1;
          versions.delete(path);
          continue;
        }
        recorder.unknown(handle);
        stats.lost += 1;
        if (verdict === 'unexpected') stats.unexpected.push(String(outcome.error));
        if (verdict === 'expired' || zk.state.type === 'expired') {
          // A new session is a new client of the history (session order starts afresh).
          await zk.close().catch(() => undefined);
          zk = open(connectString, options);
          client = ids.take();
          stats.sessions += 1;
        }
        break; // the read after a lost sync is not the sync+read this worker meant
      }
    }
  } finally {
    await zk.close().catch(() => undefined);
  }
  return stats;
}

async function perform(zk: ZooKeeperClient, input: ZkSessionInput, timeoutMs: number): Promise<ZkOutput> {
  const signal = AbortSignal.timeout(timeoutMs);
  switch (input.kind) {
    case 'read': {
      const { data, stat } = await zk.getData(input.path, { encoding: 'utf8', signal });
      return { ok: true, value: data, version: stat.version, zxid: zk.lastZxid };
    }
    case 'sync':
      await zk.sync(input.path, { signal });
      return { ok: true, zxid: zk.lastZxid };
    case 'write': {
      const stat = await zk.setData(input.path, input.value, { version: -1, signal });
      return { ok: true, version: stat.version, zxid: stat.mzxid };
    }
    case 'cas': {
      const stat = await zk.setData(input.path, input.value, { version: input.version, signal });
      return { ok: true, version: stat.version, zxid: stat.mzxid };
    }
    case 'create':
    case 'delete':
      throw new Error(`the workload does not issue ${input.kind}`);
  }
}
