import { describe, expect, it } from 'vitest';
import { ExpiryQueue } from './expiry-queue';

describe('ExpiryQueue', () => {
  it('rounds a deadline up to the next boundary, and a deadline on a boundary to the one after', () => {
    const queue = new ExpiryQueue<string>(2000);
    expect(queue.roundToNextInterval(0)).toBe(2000);
    expect(queue.roundToNextInterval(1)).toBe(2000);
    expect(queue.roundToNextInterval(1999)).toBe(2000);
    expect(queue.roundToNextInterval(2000)).toBe(4000);
    expect(queue.roundToNextInterval(2001)).toBe(4000);
  });

  it('expires exactly at the bucket time, not a millisecond before', () => {
    const queue = new ExpiryQueue<string>(1000);
    expect(queue.update('a', 500, 3000)).toBe(4000);
    expect(queue.pollExpired(3999)).toEqual([]);
    expect(queue.nextExpiryTime()).toBe(4000);
    expect(queue.pollExpired(4000)).toEqual(['a']);
    expect(queue.nextExpiryTime()).toBeUndefined();
    expect(queue.size).toBe(0);
  });

  it('moves an element between buckets on update and keeps one entry per element', () => {
    const queue = new ExpiryQueue<string>(1000);
    queue.update('a', 0, 1000); // bucket 2000
    queue.update('a', 1500, 1000); // bucket 3000
    expect(queue.expiryOf('a')).toBe(3000);
    expect(queue.pollExpired(2000)).toEqual([]);
    expect(queue.size).toBe(1);
    expect(queue.pollExpired(3000)).toEqual(['a']);
  });

  it('returns every due bucket in time order, insertion order within a bucket', () => {
    const queue = new ExpiryQueue<string>(10);
    queue.update('late', 0, 25); // 30
    queue.update('b', 0, 5); // 10
    queue.update('c', 3, 5); // 10
    queue.update('mid', 0, 15); // 20
    expect(queue.pollExpired(100)).toEqual(['b', 'c', 'mid', 'late']);
  });

  it('removes elements', () => {
    const queue = new ExpiryQueue<string>(10);
    queue.update('a', 0, 5);
    expect(queue.remove('a')).toBe(true);
    expect(queue.remove('a')).toBe(false);
    expect(queue.nextExpiryTime()).toBeUndefined();
    expect(queue.pollExpired(1000)).toEqual([]);
  });

  it('rejects a non-positive interval', () => {
    expect(() => new ExpiryQueue(0)).toThrow(/interval: expected a positive integer, got 0/);
  });
});
