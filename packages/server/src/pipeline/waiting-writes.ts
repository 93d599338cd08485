import type { PendingWrite } from './pending-write';

/**
 * A follower's (or observer's) local client writes that went to the leader and wait for their
 * commit. Each session's writes are committed in the order it sent them (Zab keeps a session's
 * order, as ZooKeeper's CommitProcessor relies on), so a committed txn is matched against the
 * oldest waiting write of its session only: same cxid → that client's reply; otherwise the txn
 * is not this server's (the session moved here after sending it elsewhere, or it is internal).
 */
export class WaitingWrites {
  private readonly bySession = new Map<bigint, PendingWrite[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Whether a write of this session still waits for its commit. */
  has(sessionId: bigint): boolean {
    return this.bySession.has(sessionId);
  }

  /** A local write was forwarded to the leader. */
  add(write: PendingWrite): void {
    const queue = this.bySession.get(write.sessionId);
    if (queue === undefined) this.bySession.set(write.sessionId, [write]);
    else queue.push(write);
    this.count++;
  }

  /** The local write a committed txn (sessionId, cxid) answers, if this server holds it. */
  take(sessionId: bigint, cxid: number): PendingWrite | undefined {
    const queue = this.bySession.get(sessionId);
    if (queue === undefined || queue[0]!.cxid !== cxid) return undefined;
    const write = queue.shift()!;
    if (queue.length === 0) this.bySession.delete(sessionId);
    this.count--;
    return write;
  }

  /** Forgets a session's waiting writes (its connection closed); returns them to be abandoned. */
  dropSession(sessionId: bigint): PendingWrite[] {
    const queue = this.bySession.get(sessionId) ?? [];
    this.bySession.delete(sessionId);
    this.count -= queue.length;
    return queue;
  }

  /** Everything still waiting (the leader was lost: those clients get a connection loss). */
  drain(): PendingWrite[] {
    const all = [...this.bySession.values()].flat();
    this.bySession.clear();
    this.count = 0;
    return all;
  }
}
