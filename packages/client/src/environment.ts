/**
 * The client's sources of time and randomness, injectable so fault tests are deterministic.
 * Timer handles are opaque to the client.
 */
export interface Environment {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Uniform in [0, 1): shuffles the server list and jitters reconnect delays. */
  random(): number;
}

export const systemEnvironment: Environment = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending ping or reconnect timer must not keep the process alive on its own.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: Math.random,
};
