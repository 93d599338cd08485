import type { ClientResponse, Stat, WatcherEvent } from '@zkts/core';
import {
  type DecodedRequest,
  decodeConnectRequest,
  decodeRequest,
  encodeConnectResponse,
  encodeNotification,
  encodeResponse,
  FrameParser,
} from '@zkts/protocol';
import type { ByteStream, ByteStreamReceiver, Transport } from '../../src/index';

type ConnectRequest = ReturnType<typeof decodeConnectRequest>;

/** A plausible Stat for scripted replies. */
export const SAMPLE_STAT: Stat = {
  czxid: 1,
  mzxid: 1,
  ctime: 0,
  mtime: 0,
  version: 0,
  cversion: 0,
  aversion: 0,
  ephemeralOwner: 0n,
  dataLength: 0,
  numChildren: 0,
  pzxid: 1,
};

/**
 * The server end of one fake connection, driven by the test: it decodes what the client sent
 * and answers with encoded frames, byte for byte as a server would.
 */
export class ScriptedServerConnection {
  connectRequest: ConnectRequest | undefined;
  readonly requests: DecodedRequest[] = [];
  closed = false;
  private receiver: ByteStreamReceiver | undefined;
  private readonly parser = new FrameParser({ onFrame: (frame) => this.frame(frame) });
  private waiters: Array<() => void> = [];

  fourLetterWord: string | undefined;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly answerFourLetterWord: (word: string) => string = () => '',
  ) {}

  readonly stream: ByteStream = {
    listen: (receiver) => {
      this.receiver = receiver;
    },
    write: (chunks) => {
      if (this.closed) return;
      for (const chunk of chunks) {
        const word = Buffer.from(chunk).toString('latin1');
        if (!this.connectRequest && this.parser.buffered === 0 && /^[a-z]{4}$/.test(word)) {
          // a four-letter word instead of a handshake: answer it and hang up, as ZooKeeper does
          this.fourLetterWord = word;
          this.send(new TextEncoder().encode(this.answerFourLetterWord(word)));
          this.close();
          return;
        }
        this.parser.push(chunk);
      }
    },
    close: () => this.close(),
  };

  /** Resolves once the client has sent `count` requests after the handshake (or the handshake, for 0). */
  async received(count: number): Promise<DecodedRequest[]> {
    while ((count === 0 ? (this.connectRequest ? 1 : 0) : this.requests.length) < Math.max(count, 1)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.requests;
  }

  accept(
    response: { timeOut?: number; sessionId?: bigint; passwd?: Uint8Array; readOnly?: boolean } = {},
  ): void {
    this.send(
      encodeConnectResponse({
        protocolVersion: 0,
        timeOut: response.timeOut ?? 6000,
        sessionId: response.sessionId ?? 0x1234n,
        passwd: response.passwd ?? new Uint8Array(16).fill(9),
        readOnly: response.readOnly ?? false,
      }),
    );
  }

  reply(xid: number, zxid: number, err: number, response?: ClientResponse): void {
    this.send(encodeResponse(xid, zxid, err, response));
  }

  notify(event: WatcherEvent): void {
    this.send(encodeNotification(event));
  }

  send(frame: Uint8Array): void {
    if (!this.closed) this.receiver?.data(frame);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.receiver?.closed(undefined);
  }

  private frame(body: Uint8Array): void {
    if (!this.connectRequest) this.connectRequest = decodeConnectRequest(body);
    else this.requests.push(decodeRequest(body));
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** A Transport whose connections are ScriptedServerConnections; `refuse` makes hosts unreachable. */
export class ScriptedTransport implements Transport {
  readonly connections: ScriptedServerConnection[] = [];
  readonly attempts: string[] = [];
  readonly refuse = new Set<string>();
  /** How each server answers a four-letter word (e.g. `isro` → "rw"). */
  fourLetterWords: (address: string, word: string) => string = () => '';
  private waiters: Array<() => void> = [];

  async connect(host: string, port: number): Promise<ByteStream> {
    const address = `${host}:${port}`;
    this.attempts.push(address);
    for (const wake of this.waiters.splice(0)) wake();
    if (this.refuse.has(address)) throw new Error(`connect ECONNREFUSED ${address}`);
    const connection = new ScriptedServerConnection(host, port, (word) =>
      this.fourLetterWords(address, word),
    );
    this.connections.push(connection);
    return connection.stream;
  }

  /** Resolves with the n-th accepted connection (0-based) once it has sent its ConnectRequest. */
  async connection(n: number): Promise<ScriptedServerConnection> {
    while (!this.connections[n]) await new Promise<void>((resolve) => this.waiters.push(resolve));
    const connection = this.connections[n]!;
    await connection.received(0);
    return connection;
  }
}
