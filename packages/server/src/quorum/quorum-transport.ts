/**
 * How ensemble members reach each other: the same interface over TCP (one per port: election
 * and quorum) and in one process (tests, @zkts/testing). It carries opaque messages; what they
 * mean is @zkts/zab's business.
 *
 * Delivery is FIFO per connection and nothing more: a message queued for a peer waits while it
 * is disconnected, but messages in flight when a connection breaks are lost, and a
 * `disconnected` → `connected` pair tells the host that a new stream began (Zab re-syncs).
 */
export interface QuorumTransport {
  /** This member's id (its myid). */
  readonly me: number;
  /**
   * Queues `bytes` for `peerId` (a configured member other than `me`): sent now if connected,
   * else when connected. The queue is bounded; see `QueueOverflow`. The bytes must not be
   * changed afterwards.
   */
  send(peerId: number, bytes: Uint8Array): void;
  isConnected(peerId: number): boolean;
  /**
   * Ends the current stream to `peerId` (Zab dropped that learner): the connection closes, what
   * waits for it is discarded, and it reconnects as after any break (`disconnected` on both sides,
   * then `connected`).
   */
  drop(peerId: number): void;
  /** Messages waiting in `peerId`'s send queue, and their bytes. */
  queued(peerId: number): { messages: number; bytes: number };
  on<E extends keyof QuorumTransportEvents>(event: E, listener: QuorumTransportEvents[E]): void;
  off<E extends keyof QuorumTransportEvents>(event: E, listener: QuorumTransportEvents[E]): void;
  /** Closes every connection and stops reconnecting; no event is emitted after this is called. */
  close(): Promise<void>;
}

export interface QuorumTransportEvents {
  /** A whole message from `from`, in the order it was sent on the current connection. */
  message: (from: number, bytes: Uint8Array) => void;
  /** A connection to `peerId` is usable (and none was a moment before). */
  connected: (peerId: number) => void;
  /** The connection to `peerId` is gone: what was in flight on it may be lost. */
  disconnected: (peerId: number) => void;
}

/**
 * What a full per-peer send queue does: the election port keeps only the newest votes
 * (ZooKeeper's election queue drops its oldest message), the quorum port must never lose a
 * message silently, so it closes the connection and the queue, and Zab re-syncs the peer.
 */
export type QueueOverflow = 'drop-oldest' | 'close';

export interface SendQueueLimits {
  /** Most bytes waiting for one peer; default 128 MiB. */
  maxBytes: number;
  /** Most messages waiting for one peer; default 100 000. */
  maxMessages: number;
  overflow: QueueOverflow;
}

export const DEFAULT_SEND_QUEUE_LIMITS: SendQueueLimits = {
  maxBytes: 128 * 1024 * 1024,
  maxMessages: 100_000,
  overflow: 'close',
};
