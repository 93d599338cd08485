/**
 * What an acquire returns: proof of holding until `release()` (or `await using` ends its scope).
 * `signal` aborts when the holding is lost without a release: the session expired or was
 * closed, so the node that held it is gone and another process may now hold it.
 * While the connection is merely suspended (client `disconnected`) the lease is still held,
 * but the holder cannot know for how long: it should stop acting on it until it reconnects.
 */
export interface Lease {
  /** The contender node that holds it. */
  readonly path: string;
  readonly signal: AbortSignal;
  release(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
