/**
 * The server's sources of time and randomness, injectable so a whole server runs under a
 * simulated clock. The shape is @zkts/client's `Environment` (the server does not depend on the
 * client; the types match structurally), so one manual clock can drive a server and its clients.
 * Timer handles are opaque to the server.
 */
export interface ServerEnvironment {
  /** Wall-clock ms: txn times, session expiry, uptime, latencies. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Uniform in [0, 1): spaces snapshots. */
  random(): number;
}

export const systemServerEnvironment: ServerEnvironment = {
  now: Date.now,
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // Expiry, handshake and reaper timers must not keep an embedding process alive on their own.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: Math.random,
};

/**
 * Runs `work` every `ms` on the environment's one-shot timers (so a manual clock drives it too);
 * returns what stops it.
 */
export function repeatEvery(environment: ServerEnvironment, ms: number, work: () => void): () => void {
  let handle: unknown;
  let stopped = false;
  const fire = (): void => {
    if (stopped) return;
    handle = environment.setTimeout(fire, ms);
    work();
  };
  handle = environment.setTimeout(fire, ms);
  return () => {
    stopped = true;
    environment.clearTimeout(handle);
  };
}
