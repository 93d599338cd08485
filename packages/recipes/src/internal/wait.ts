import type { Environment } from '@zkts/client';

/** Thrown when an acquire's `timeout` passes first. */
export class AcquireTimeoutError extends Error {
  override readonly name = 'AcquireTimeoutError';
  constructor(what: string, timeout: number) {
    super(`${what} was not acquired within ${timeout} ms`);
  }
}

export interface WaitOptions {
  /** Milliseconds to wait at most; rejects with AcquireTimeoutError after it. */
  timeout?: number;
  /** Aborting rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * A deadline and an abort signal combined: `race(promise)` settles with the first of them.
 * Time comes from `clock` (the client's environment), so a manual clock drives the deadline.
 */
export class Wait {
  private readonly deadline: number | undefined;

  constructor(
    private readonly what: string,
    private readonly options: WaitOptions,
    private readonly clock: Pick<Environment, 'now' | 'setTimeout' | 'clearTimeout'>,
  ) {
    this.deadline = options.timeout === undefined ? undefined : clock.now() + options.timeout;
  }

  /** Throws when the signal has aborted or the deadline has passed. */
  check(): void {
    this.options.signal?.throwIfAborted();
    if (this.deadline !== undefined && this.clock.now() >= this.deadline) {
      throw new AcquireTimeoutError(this.what, this.options.timeout ?? 0);
    }
  }

  /** The same wait for a step inside it: the time left, and the signal. */
  remaining(): WaitOptions {
    return {
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      ...(this.deadline === undefined ? {} : { timeout: Math.max(0, this.deadline - this.clock.now()) }),
    };
  }

  race<T>(promise: Promise<T>): Promise<T> {
    this.check();
    const { signal } = this.options;
    // a watch that loses the race may still reject later (session end): nobody waits for it
    promise.catch(() => {});
    return new Promise<T>((resolve, reject) => {
      const timer =
        this.deadline === undefined
          ? undefined
          : this.clock.setTimeout(
              () => finish(() => reject(new AcquireTimeoutError(this.what, this.options.timeout ?? 0))),
              Math.max(0, this.deadline - this.clock.now()),
            );
      const onAbort = () => finish(() => reject(signal?.reason));
      const finish = (settle: () => void) => {
        if (timer !== undefined) this.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(error)),
      );
    });
  }
}
