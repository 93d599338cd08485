/**
 * Holds the Node.js event loop open while a client is in use, as an open socket would. The
 * client's own timers are unref'd (a ping must not outlive a closed client), so without this a
 * process that only awaits the client (connecting to an unreachable server, waiting for a watch
 * across a server restart) would exit with its promise unsettled.
 */
export class KeepAlive {
  private handle: ReturnType<typeof setInterval> | undefined;

  constructor(enabled: boolean) {
    // The longest interval Node accepts; it never fires in practice, it only holds a ref.
    if (enabled) this.handle = setInterval(() => {}, 2 ** 31 - 1);
  }

  /** Lets the process exit (the client reached a terminal state). Idempotent. */
  release(): void {
    if (this.handle === undefined) return;
    clearInterval(this.handle);
    this.handle = undefined;
  }
}
