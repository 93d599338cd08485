/**
 * A push-fed async iterable with an unbounded buffer: producers `push`, one consumer iterates.
 * `end()` finishes after the buffer drains; `fail(e)` throws `e` once the buffer drains.
 * `onReturn` runs once when the consumer stops early (break / return / throw in for-await).
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private head = 0;
  private waiter: { resolve(result: IteratorResult<T>): void; reject(error: unknown): void } | undefined;
  private done = false;
  private error: { value: unknown } | undefined;

  constructor(private readonly onReturn?: () => void) {}

  push(value: T): void {
    if (this.done) return;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter.resolve({ value, done: false });
    } else {
      this.buffer.push(value);
    }
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    this.wakeAtEnd();
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.error = { value: error };
    this.wakeAtEnd();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.buffer.length) {
      const value = this.buffer[this.head++] as T;
      if (this.head > 1024 && this.head * 2 > this.buffer.length) {
        this.buffer.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.done) return this.finalResult();
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    const wasDone = this.done;
    this.done = true;
    this.buffer.length = 0;
    this.head = 0;
    this.wakeAtEnd();
    if (!wasDone) this.onReturn?.();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private wakeAtEnd(): void {
    const waiter = this.waiter;
    if (!waiter || this.head < this.buffer.length) return;
    this.waiter = undefined;
    this.finalResult().then(waiter.resolve, waiter.reject);
  }

  private finalResult(): Promise<IteratorResult<T>> {
    if (this.error) {
      const { value } = this.error;
      this.error = undefined;
      return Promise.reject(value);
    }
    return Promise.resolve({ value: undefined, done: true });
  }
}
