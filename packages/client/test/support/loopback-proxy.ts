import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback between a client and one server, for fault tests: `dropAll()` cuts
 * every proxied connection (the client sees the connection die mid-request); while `blocked`,
 * new connections are accepted and closed at once (the server looks down); while `frozen`,
 * bytes from the server are swallowed (a silent network: the client must notice on its own).
 */
export class LoopbackProxy {
  blocked = false;
  frozen = false;
  /** Bytes that came from the server (swallowed ones included). */
  bytesFromServer = 0;
  private readonly byteWaiters = new Set<{ target: number; resolve: () => void }>();
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private server: Server | undefined;
  /** Connections accepted since start (blocked ones included). */
  accepted = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  port = 0;

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get openConnections(): number {
    return this.pairs.size;
  }

  async start(): Promise<this> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    const address = this.server.address();
    if (typeof address === 'object' && address) this.port = address.port;
    return this;
  }

  /** Resolves once the server has sent `count` more bytes than it had when called. */
  moreServerBytes(count = 1): Promise<void> {
    const target = this.bytesFromServer + count;
    return new Promise((resolve) => this.byteWaiters.add({ target, resolve }));
  }

  /** Destroys every open proxied connection, both sides. */
  dropAll(): void {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
  }

  async stop(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    this.accepted++;
    if (this.blocked) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    const pair = { client, upstream };
    this.pairs.add(pair);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      this.bytesFromServer += chunk.length;
      if (!this.frozen) client.write(chunk);
      for (const waiter of [...this.byteWaiters]) {
        if (this.bytesFromServer >= waiter.target) {
          this.byteWaiters.delete(waiter);
          waiter.resolve();
        }
      }
    });
  }
}
