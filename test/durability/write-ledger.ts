/**
 * What a durability test sent and what the server acknowledged, and the check of a recovered
 * server against it. Every value written is unique, so a value read back names the one write
 * that produced it.
 *
 * Writes are recorded per session in the order they were handed to the client, which is the
 * order they reach the server (one connection, FIFO). Since the recovered log is a prefix of
 * what was logged, the writes of one session that survived must be a prefix of its writes.
 */
import { NoNodeError, type ZooKeeperClient } from '@zkts/client';

export type WriteKind = 'create' | 'set';

export interface Write {
  readonly kind: WriteKind;
  /** The sequential prefix (create) or the key (set). */
  readonly target: string;
  readonly value: string;
  /** The index of this value among the values sent to `target` (set); 0 for creates. */
  readonly index: number;
  acknowledged: boolean;
  /** The path the server chose (acknowledged sequential creates). */
  path?: string;
}

interface KeyHistory {
  /** Values sent to the key, in order; index 0 is the value it was created with. */
  readonly values: string[];
  /** Highest index acknowledged. */
  acknowledged: number;
}

export class WriteLedger {
  private readonly sessions = new Map<string, Write[]>();
  private readonly creates = new Map<string, Write>();
  private readonly keys = new Map<string, KeyHistory>();
  /** Highest zxid an acknowledged reply carried. */
  maxAcknowledgedZxid = 0;

  /** A key created (and acknowledged) with `value` before the load. */
  addKey(key: string, value: string): void {
    this.keys.set(key, { values: [value], acknowledged: 0 });
  }

  /** Records a write about to be handed to the client of `session`; returns its record. */
  sent(session: string, kind: WriteKind, target: string, value: string): Write {
    let index = 0;
    if (kind === 'set') {
      const history = this.keys.get(target);
      if (history === undefined) throw new Error(`unknown key ${target}`);
      index = history.values.push(value) - 1;
    }
    const write: Write = { kind, target, value, index, acknowledged: false };
    if (kind === 'create') this.creates.set(value, write);
    const writes = this.sessions.get(session);
    if (writes === undefined) this.sessions.set(session, [write]);
    else writes.push(write);
    return write;
  }

  acknowledged(write: Write, result: { path?: string; zxid?: number }): void {
    write.acknowledged = true;
    if (result.path !== undefined) write.path = result.path;
    if (result.zxid !== undefined && result.zxid > this.maxAcknowledgedZxid)
      this.maxAcknowledgedZxid = result.zxid;
    if (write.kind === 'set') {
      const history = this.keys.get(write.target)!;
      if (write.index > history.acknowledged) history.acknowledged = write.index;
    }
  }

  get counts(): { sent: number; acknowledged: number } {
    let sent = 0;
    let acknowledged = 0;
    for (const writes of this.sessions.values()) {
      sent += writes.length;
      for (const write of writes) if (write.acknowledged) acknowledged++;
    }
    return { sent, acknowledged };
  }

  /**
   * Reads `parent`'s children and every key back through `client`, and returns every
   * violation found (empty = the recovered state is consistent with the ledger).
   */
  async check(client: ZooKeeperClient, parent: string): Promise<string[]> {
    const problems: string[] = [];
    let children: string[] = [];
    try {
      ({ children } = await client.getChildren(parent));
    } catch (error) {
      if (!NoNodeError.isInstance(error)) throw error;
      problems.push(`${parent}, created (and acknowledged) before the load, is missing`);
    }
    const childValues = await readAll(
      client,
      children.map((name) => `${parent}/${name}`),
    );
    const present = new Map<string, string>(); // create value -> path
    for (const [path, value] of childValues) {
      if (value === undefined) continue;
      const write = this.creates.get(value);
      if (write === undefined) {
        problems.push(`${path} holds ${JSON.stringify(value)}, which was never sent`);
        continue;
      }
      if (!path.startsWith(write.target)) problems.push(`${path} holds ${value}, sent to ${write.target}`);
      const earlier = present.get(value);
      if (earlier !== undefined) problems.push(`${value} is in both ${earlier} and ${path}`);
      present.set(value, path);
      if (write.path !== undefined && write.path !== path) {
        problems.push(`${value} was acknowledged at ${write.path} but is at ${path}`);
      }
    }
    for (const write of this.creates.values()) {
      if (write.acknowledged && !present.has(write.value)) {
        problems.push(`acknowledged create ${write.path} (${write.value}) is missing`);
      }
    }

    const keyValues = await readAll(client, [...this.keys.keys()]);
    const keyIndex = new Map<string, number>(); // key -> index of the value read back
    for (const [key, value] of keyValues) {
      const history = this.keys.get(key)!;
      if (value === undefined) {
        problems.push(`key ${key}, created before the load, is missing`);
        continue;
      }
      const index = history.values.indexOf(value);
      if (index < 0) {
        problems.push(`key ${key} holds ${JSON.stringify(value)}, which was never sent to it`);
        continue;
      }
      keyIndex.set(key, index);
      if (index < history.acknowledged) {
        problems.push(
          `key ${key} holds ${value} (write #${index}) but write #${history.acknowledged} (${history.values[history.acknowledged]}) was acknowledged`,
        );
      }
    }

    // Per session: the writes that survived are a prefix of the writes sent.
    for (const [session, writes] of this.sessions) {
      let firstLost: Write | undefined;
      for (const write of writes) {
        const applied =
          write.kind === 'create'
            ? present.has(write.value)
            : (keyIndex.get(write.target) ?? -1) >= write.index;
        if (!applied) firstLost ??= write;
        else if (firstLost !== undefined) {
          problems.push(
            `session ${session}: ${write.kind} ${write.value} survived but the earlier ${firstLost.kind} ${firstLost.value} did not`,
          );
          break;
        }
      }
    }
    return problems;
  }
}

/** getData on every path, many in flight at once; undefined for a path that does not exist. */
async function readAll(
  client: ZooKeeperClient,
  paths: readonly string[],
): Promise<Map<string, string | undefined>> {
  const values = new Map<string, string | undefined>();
  const decoder = new TextDecoder();
  for (let start = 0; start < paths.length; start += 1000) {
    const batch = paths.slice(start, start + 1000);
    const results = await Promise.all(
      batch.map((path) =>
        client.getData(path).then(
          ({ data }) => decoder.decode(data),
          (error: unknown) => {
            if (NoNodeError.isInstance(error)) return undefined;
            throw error;
          },
        ),
      ),
    );
    for (let i = 0; i < batch.length; i++) values.set(batch[i]!, results[i]);
  }
  return values;
}
