import type { ClientRequest, ClientResponse } from '@zkts/core';

/** One request of a connection, in arrival order, and its reply once known. */
export interface QueuedRequest {
  readonly xid: number;
  readonly type: number;
  readonly body: ClientRequest | undefined;
  readonly receivedAt: number;
  /** A write is done once applied; a read or a pre-answered error is done when it reaches the head. */
  done: boolean;
  /** The reply header's zxid; LAST_PROCESSED_ZXID = the tree's last zxid when sent. */
  replyZxid: number;
  err: number;
  response: ClientResponse | undefined;
}

/**
 * The type of a queue entry that is no request: it holds back everything behind it (and gets no
 * reply) until the session's writes sent on an earlier connection are applied.
 */
export const SESSION_BARRIER = -1000;

/** replyZxid placeholder: use the last processed zxid at the moment the reply is sent. */
export const LAST_PROCESSED_ZXID = -2;

/**
 * A connection's requests in arrival order: a FIFO over an array with a moving head, compacted
 * now and then, so steady traffic allocates nothing but the entries themselves.
 */
export class RequestQueue {
  private readonly items: Array<QueuedRequest | undefined> = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(entry: QueuedRequest): void {
    this.items.push(entry);
  }

  peek(): QueuedRequest | undefined {
    return this.items[this.head];
  }

  shift(): void {
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 1024) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Drops everything; returns how many entries were still waiting. */
  clear(): number {
    const dropped = this.length;
    this.items.length = 0;
    this.head = 0;
    return dropped;
  }
}
