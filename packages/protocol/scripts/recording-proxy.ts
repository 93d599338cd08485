/**
 * A TCP proxy between a real ZooKeeper client and a real ZooKeeper server that records every
 * frame in each direction, labelled with whatever command is running. Frames are classified
 * from their first bytes only (not with our decoders), so a codec bug cannot hide in the
 * recording: the first frame each way is the handshake, a reply's opcode is that of the
 * request with the same xid, and xid −1 from the server is a notification.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { FrameParser } from '../src/frame-parser';

export type Direction = 'client->server' | 'server->client';
export type FrameKind = 'connect-request' | 'connect-response' | 'request' | 'response' | 'notification';

export interface RecordedFrame {
  direction: Direction;
  kind: FrameKind;
  /** The request's opcode (for requests and responses). */
  opcode?: number;
  /** The whole frame, 4-byte length prefix included. */
  hex: string;
}

export interface RecordedCommand {
  command: string;
  /** Which proxied connection (0, 1, …) the frames travelled on: a reconnect opens a new one. */
  connection: number;
  frames: RecordedFrame[];
}

const int32 = (b: Uint8Array, at: number) =>
  (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;

function framed(body: Uint8Array): string {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(body.length);
  return prefix.toString('hex') + Buffer.from(body).toString('hex');
}

export class RecordingProxy {
  port = 0;
  /** Frames land in the entry for the current command. */
  private current = '(setup)';
  readonly recorded: RecordedCommand[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private connections = 0;

  constructor(private readonly upstreamPort: number) {
    this.server = createServer((client) => this.proxy(client));
  }

  get command(): string {
    return this.current;
  }

  set command(command: string) {
    this.current = command;
    if (process.env.RECORD_VERBOSE) console.error(`-- ${command}`);
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this.port;
  }

  /** Cuts every proxied connection, so clients reconnect (and re-send their watches). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(connection: number, frame: RecordedFrame): void {
    let entry = this.recorded.at(-1);
    if (entry === undefined || entry.command !== this.command || entry.connection !== connection) {
      entry = { command: this.command, connection, frames: [] };
      this.recorded.push(entry);
    }
    entry.frames.push(frame);
    if (process.env.RECORD_VERBOSE)
      console.error(connection, frame.direction, frame.kind, frame.opcode ?? '', frame.hex);
  }

  private proxy(client: Socket): void {
    const connection = this.connections++;
    const upstream = createConnection({ host: '127.0.0.1', port: this.upstreamPort });
    this.sockets.add(client);
    this.sockets.add(upstream);
    const opcodeByXid = new Map<number, number>();
    let handshakeSent = false;
    let handshakeAnswered = false;
    const fromClient = new FrameParser({
      maxFrameSize: 0x7fffffff,
      onFrame: (body) => {
        if (!handshakeSent) {
          handshakeSent = true;
          this.record(connection, {
            direction: 'client->server',
            kind: 'connect-request',
            hex: framed(body),
          });
          return;
        }
        const xid = int32(body, 0);
        const opcode = int32(body, 4);
        opcodeByXid.set(xid, opcode);
        this.record(connection, { direction: 'client->server', kind: 'request', opcode, hex: framed(body) });
      },
    });
    const fromServer = new FrameParser({
      maxFrameSize: 0x7fffffff,
      onFrame: (body) => {
        if (!handshakeAnswered) {
          handshakeAnswered = true;
          this.record(connection, {
            direction: 'server->client',
            kind: 'connect-response',
            hex: framed(body),
          });
          return;
        }
        const xid = int32(body, 0);
        if (xid === -1) {
          this.record(connection, { direction: 'server->client', kind: 'notification', hex: framed(body) });
          return;
        }
        const opcode = opcodeByXid.get(xid);
        opcodeByXid.delete(xid);
        this.record(connection, {
          direction: 'server->client',
          kind: 'response',
          ...(opcode === undefined ? {} : { opcode }),
          hex: framed(body),
        });
      },
    });
    client.on('data', (chunk) => {
      fromClient.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      fromServer.push(chunk);
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  }
}
