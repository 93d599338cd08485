import { OpCode } from '@zkts/core';
import type { WriteInput } from '../pipeline/pending-write';

/**
 * The leader's record of which member holds each session's client connection: set when the
 * session is created, revalidated or first touched through a member. A write that arrives
 * through another member comes from a stale connection (ZooKeeper's SessionMovedException).
 */
export class SessionHolders {
  readonly #holders = new Map<bigint, number>();

  set(sessionId: bigint, member: number): void {
    this.#holders.set(sessionId, member);
  }

  /** A touch reported by a member: it holds the session unless another one is known to. */
  touched(sessionId: bigint, member: number): void {
    if (!this.#holders.has(sessionId)) this.#holders.set(sessionId, member);
  }

  delete(sessionId: bigint): void {
    this.#holders.delete(sessionId);
  }

  clear(): void {
    this.#holders.clear();
  }

  /** Whether a write of this session through `member` comes from a connection the session left. */
  movedAway(sessionId: bigint, request: WriteInput, member: number): boolean {
    if (sessionId === 0n || request.type === OpCode.createSession) return false;
    const holder = this.#holders.get(sessionId);
    if (holder === undefined) {
      this.#holders.set(sessionId, member);
      return false;
    }
    return holder !== member;
  }
}
