import type { ClientConnection } from '../connection/client-connection';

/**
 * What a learner's clients wait on from the leader: reconnecting sessions being revalidated
 * (several connections may wait on one session) and syncs (by the token sent with SYNC).
 */
export class LearnerWaits {
  readonly #revalidating = new Map<bigint, ClientConnection[]>();
  readonly #syncs = new Map<number, () => void>();
  #nextToken = 1;

  /** `connection` waits for the leader's word on `sessionId`. */
  revalidating(sessionId: bigint, connection: ClientConnection): void {
    const waiting = this.#revalidating.get(sessionId);
    if (waiting !== undefined) waiting.push(connection);
    else this.#revalidating.set(sessionId, [connection]);
  }

  /** The connections the leader's answer about `sessionId` is for. */
  takeRevalidating(sessionId: bigint): ClientConnection[] {
    const waiting = this.#revalidating.get(sessionId) ?? [];
    this.#revalidating.delete(sessionId);
    return waiting;
  }

  /** A closed connection waits for nothing. */
  forget(connection: ClientConnection): void {
    for (const [sessionId, waiting] of this.#revalidating) {
      const left = waiting.filter((c) => c !== connection);
      if (left.length === 0) this.#revalidating.delete(sessionId);
      else this.#revalidating.set(sessionId, left);
    }
  }

  /** The token to send with a client's SYNC; `done` runs when it comes back. */
  sync(done: () => void): number {
    const token = this.#nextToken++;
    this.#syncs.set(token, done);
    return token;
  }

  /** The SYNC with this token came back (or could not be sent). */
  takeSync(token: number): (() => void) | undefined {
    const done = this.#syncs.get(token);
    this.#syncs.delete(token);
    return done;
  }

  /** The member left its role: nobody is answered (their connections are closed). */
  clear(): void {
    this.#revalidating.clear();
    this.#syncs.clear();
  }
}
