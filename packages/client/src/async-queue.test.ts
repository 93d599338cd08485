import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue';

describe('AsyncQueue', () => {
  it('delivers pushed values in order to a waiting or a later consumer', async () => {
    const queue = new AsyncQueue<number>();
    const first = queue.next();
    queue.push(1);
    queue.push(2);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
  });

  it('end() finishes after the buffer drains; fail() throws after it drains', async () => {
    const ended = new AsyncQueue<number>();
    ended.push(1);
    ended.end();
    const seen: number[] = [];
    for await (const value of ended) seen.push(value);
    expect(seen).toEqual([1]);

    const failed = new AsyncQueue<number>();
    failed.push(7);
    failed.fail(new Error('boom'));
    expect(await failed.next()).toEqual({ value: 7, done: false });
    await expect(failed.next()).rejects.toThrow('boom');
    expect(await failed.next()).toEqual({ value: undefined, done: true });
  });

  it('break in for-await calls onReturn once and wakes nothing later', async () => {
    let returned = 0;
    const queue = new AsyncQueue<number>(() => returned++);
    queue.push(1);
    queue.push(2);
    for await (const value of queue) {
      expect(value).toBe(1);
      break;
    }
    expect(returned).toBe(1);
    queue.push(3);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    await queue.return();
    expect(returned).toBe(1);
  });

  it('return() resolves a pending next() as done', async () => {
    const queue = new AsyncQueue<number>();
    const pending = queue.next();
    await queue.return();
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
