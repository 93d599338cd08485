import { describe, expect, it } from 'vitest';
import { PeerSendQueue } from './peer-send-queue';
import { ReconnectBackoff } from './reconnect-backoff';

const bytes = (n: number, fill = 0) => new Uint8Array(n).fill(fill);

describe('PeerSendQueue', () => {
  it('drop-oldest keeps the newest messages within both bounds, never dropping the one just pushed', () => {
    const queue = new PeerSendQueue({ maxBytes: 10, maxMessages: 3, overflow: 'drop-oldest' });
    for (let i = 1; i <= 5; i++) expect(queue.push(bytes(1, i))).toBe(i <= 3 ? 'ok' : 'dropped');
    expect([queue.shift()?.[0], queue.shift()?.[0], queue.shift()?.[0]]).toEqual([3, 4, 5]);
    expect(queue.push(bytes(4, 1))).toBe('ok');
    expect(queue.push(bytes(4, 2))).toBe('ok');
    expect(queue.push(bytes(4, 3))).toBe('dropped');
    expect(queue.length).toBe(2);
    expect(queue.bytes).toBe(8);
    // one message over the byte bound on its own is kept: dropping it would lose it silently
    expect(queue.push(bytes(20, 9))).toBe('dropped');
    expect(queue.length).toBe(1);
    expect(queue.peek()?.[0]).toBe(9);
  });

  it('close empties the queue and reports the overflow', () => {
    const queue = new PeerSendQueue({ maxBytes: 100, maxMessages: 2, overflow: 'close' });
    queue.push(bytes(1));
    queue.push(bytes(1));
    expect(queue.push(bytes(1))).toBe('overflow');
    expect(queue.length).toBe(0);
    expect(queue.bytes).toBe(0);
  });
});

describe('ReconnectBackoff', () => {
  it('doubles up to the cap, scaled into [0.5, 1) by the injected random, and resets', () => {
    const draws = [0, 0.5, 0.999, 0, 0, 0, 0, 0];
    let i = 0;
    const backoff = new ReconnectBackoff(100, 1000, () => draws[i++ % draws.length]!);
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([
      50, 150, 400, 400, 500,
    ]);
    backoff.reset();
    expect(backoff.next()).toBe(50);
  });
});
