import {
  type InProcessStream,
  type InProcessStreamReceiver,
  type InProcessTransport,
  inProcessTransport,
  type ZooKeeperServer,
} from '@zkts/server';

/**
 * A test client's in-process transport. It finds the server at connect time (`currentServer`
 * waits while a restart is under way), so a client keeps its session across `restart()` as it
 * would over TCP. It can also cut the client off without telling it (`partition`), which is how
 * a session times out under a manual clock: a connected client keeps its session alive.
 */
export class FollowingTransport implements InProcessTransport {
  private partitioned = false;
  private readonly links = new Set<CuttableLink>();

  constructor(private readonly currentServer: () => Promise<ZooKeeperServer>) {}

  async connectMessages(host: string, port: number): Promise<InProcessStream> {
    this.refuseWhilePartitioned();
    const server = await this.currentServer();
    this.refuseWhilePartitioned();
    const inner = await inProcessTransport(server).connectMessages(host, port);
    if (this.partitioned) {
      inner.close(); // cut while it was opening
      this.refuseWhilePartitioned();
    }
    return this.track(inner);
  }

  /** Whether `partition()` holds. */
  get isPartitioned(): boolean {
    return this.partitioned;
  }

  /** From now on nothing passes either way and new connections are refused, until `heal()`. */
  partition(): void {
    this.partitioned = true;
    for (const link of this.links) link.cut = true;
  }

  /** Lets the client reconnect; the links cut by the partition end (as a reset would). */
  heal(): void {
    this.partitioned = false;
    for (const link of [...this.links]) if (link.cut) link.end();
  }

  private refuseWhilePartitioned(): void {
    if (this.partitioned) {
      throw new Error('in-process connection refused: the test partitioned this client from the server');
    }
  }

  private track(inner: InProcessStream): InProcessStream {
    const link = new CuttableLink(inner, () => this.links.delete(link));
    this.links.add(link);
    return link.stream;
  }
}

/** One link to the server that a partition can silence: traffic is dropped, even its end. */
class CuttableLink {
  cut = false;
  readonly stream: InProcessStream;
  private receiver: InProcessStreamReceiver | undefined;
  private ended = false;

  constructor(
    private readonly inner: InProcessStream,
    private readonly forget: () => void,
  ) {
    this.stream = {
      listen: (receiver) => {
        this.receiver = receiver;
        inner.listen({
          receive: (messages) => {
            if (!this.cut) receiver.receive(messages);
          },
          // the server ending a cut link stays unknown to the client until the partition heals
          closed: (error) => {
            if (!this.cut) this.end(error);
          },
        });
      },
      send: (message) => {
        if (!this.cut) inner.send(message);
      },
      close: () => this.end(),
    };
  }

  /** Closes the server side and tells the client once. */
  end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.forget();
    this.inner.close();
    this.receiver?.closed(error);
  }
}
