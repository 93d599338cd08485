import type { ServerAddress } from './connect-string';

/**
 * The servers in a random order (fixed at creation, like the Java StaticHostProvider), walked
 * round-robin. `next()` tells whether a whole round has gone by, so the caller can back off
 * before trying the list again.
 */
export class HostList {
  private readonly order: ServerAddress[];
  private index = -1;

  constructor(servers: readonly ServerAddress[], random: () => number) {
    this.order = [...servers];
    for (let i = this.order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [this.order[i], this.order[j]] = [this.order[j]!, this.order[i]!];
    }
  }

  get size(): number {
    return this.order.length;
  }

  /** Makes `server` (one of the list) the next one `next()` returns. */
  prefer(server: ServerAddress): void {
    const at = this.order.indexOf(server);
    if (at >= 0) this.index = (at - 1 + this.order.length) % this.order.length;
  }

  next(): { server: ServerAddress; wrapped: boolean } {
    this.index = (this.index + 1) % this.order.length;
    return { server: this.order[this.index]!, wrapped: this.index === 0 };
  }

  /** The server order, for tests and diagnostics. */
  get servers(): readonly ServerAddress[] {
    return this.order;
  }
}

export function formatAddress({ host, port }: ServerAddress): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
