import type { SendQueueLimits } from './quorum-transport';

/**
 * The messages waiting for one peer, bounded by count and bytes. `push` reports what the
 * limits made of it: with 'drop-oldest' the oldest messages go (never the one just pushed);
 * with 'close' the caller must close the connection (and the queue is emptied).
 */
export class PeerSendQueue {
  private items: Uint8Array[] = [];
  private head = 0;
  bytes = 0;

  constructor(private readonly limits: SendQueueLimits) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** 'ok', 'dropped' (oldest messages discarded) or 'overflow' (queue emptied: close the link). */
  push(bytes: Uint8Array): 'ok' | 'dropped' | 'overflow' {
    this.items.push(bytes);
    this.bytes += bytes.length;
    if (!this.overLimit()) return 'ok';
    if (this.limits.overflow === 'close') {
      this.clear();
      return 'overflow';
    }
    while (this.length > 1 && this.overLimit()) this.shift();
    return 'dropped';
  }

  peek(): Uint8Array | undefined {
    return this.items[this.head];
  }

  shift(): Uint8Array | undefined {
    const item = this.items[this.head];
    if (item === undefined) return undefined;
    this.head++;
    this.bytes -= item.length;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.bytes = 0;
  }

  private overLimit(): boolean {
    return this.length > this.limits.maxMessages || this.bytes > this.limits.maxBytes;
  }
}
