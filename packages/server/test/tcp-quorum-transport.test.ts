import { connect, createServer, type Server, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/real-zookeeper';
import type { Logger } from '../src/logger';
import { encodeHandshake, frameHeader } from '../src/quorum/quorum-frames';
import type { QueueOverflow } from '../src/quorum/quorum-transport';
import { openTcpQuorumTransport, type TcpQuorumTransport } from '../src/quorum/tcp-quorum-transport';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A logger that keeps its lines, to check that garbage was reported. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`INFO ${message}`),
    warn: (message) => lines.push(`WARN ${message}`),
    error: (message) => lines.push(`ERROR ${message}`),
  };
}

interface Member {
  transport: TcpQuorumTransport;
  logger: ReturnType<typeof recordingLogger>;
  received: Array<{ from: number; text: string }>;
  events: string[];
}

async function openMember(
  me: number,
  ports: ReadonlyMap<number, number>,
  options: { overflow?: QueueOverflow; maxBytes?: number; maxFrameBytes?: number } = {},
): Promise<Member> {
  const logger = recordingLogger();
  const transport = await openTcpQuorumTransport({
    me,
    listen: { host: '127.0.0.1', port: ports.get(me)! },
    peers: [...ports].map(([id, port]) => ({ id, host: '127.0.0.1', port })),
    logger,
    random: () => 0.5,
    name: 'test',
    backoff: { initialMs: 20, maxMs: 200 },
    ...(options.maxFrameBytes !== undefined ? { maxFrameBytes: options.maxFrameBytes } : {}),
    queue: {
      ...(options.overflow !== undefined ? { overflow: options.overflow } : {}),
      ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    },
  });
  const member: Member = { transport, logger, received: [], events: [] };
  transport.on('message', (from, bytes) =>
    member.received.push({ from, text: new TextDecoder().decode(bytes) }),
  );
  transport.on('connected', (peer) => member.events.push(`+${peer}`));
  transport.on('disconnected', (peer) => member.events.push(`-${peer}`));
  cleanups.push(() => transport.close());
  return member;
}

async function ports(...ids: number[]): Promise<Map<number, number>> {
  const map = new Map<number, number>();
  for (const id of ids) map.set(id, await freePort());
  return map;
}

/** Polls until `check` holds; generous, the machine is loaded. */
async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const text = (value: string) => new TextEncoder().encode(value);

function fullyConnected(members: readonly Member[]): boolean {
  return members.every((m) =>
    members.every((other) => other === m || m.transport.isConnected(other.transport.me)),
  );
}

/** A raw socket that has connected (for speaking garbage to a transport). */
function rawConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
    cleanups.push(() => void socket.destroy());
  });
}

function closedPromise(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}

describe('TcpQuorumTransport', () => {
  it('connects three members full-mesh, one connection per pair opened by the higher id, and carries messages in order', async () => {
    const addresses = await ports(1, 2, 3);
    // started together: every pair dials both ways at once
    const members = await Promise.all([1, 2, 3].map((id) => openMember(id, addresses)));
    await eventually(() => fullyConnected(members), 'a full mesh');

    for (const member of members) {
      for (const link of member.transport.links()) {
        // the surviving connection of each pair is the one the higher id opened
        expect(link.direction).toBe(link.peerId < member.transport.me ? 'outbound' : 'inbound');
      }
      expect(member.transport.links()).toHaveLength(2);
    }

    const [one, two, three] = members as [Member, Member, Member];
    for (let i = 0; i < 100; i++) {
      one.transport.send(2, text(`1→2 #${i}`));
      three.transport.send(2, text(`3→2 #${i}`));
      two.transport.send(1, text(`2→1 #${i}`));
    }
    await eventually(() => two.received.length === 200 && one.received.length === 100, 'all messages');
    expect(two.received.filter((m) => m.from === 1).map((m) => m.text)).toEqual(
      Array.from({ length: 100 }, (_, i) => `1→2 #${i}`),
    );
    expect(two.received.filter((m) => m.from === 3).map((m) => m.text)).toEqual(
      Array.from({ length: 100 }, (_, i) => `3→2 #${i}`),
    );
    expect(one.received.map((m) => m.text)).toEqual(Array.from({ length: 100 }, (_, i) => `2→1 #${i}`));
    // the rule never flapped a settled pair: one connected event per peer
    for (const member of members) expect(member.events.filter((e) => e.startsWith('+'))).toHaveLength(2);
  }, 30_000);

  it('queues messages for a peer that is not up yet and delivers them once it is', async () => {
    const addresses = await ports(1, 2);
    const one = await openMember(1, addresses);
    one.transport.send(2, text('early'));
    expect(one.transport.queued(2).messages).toBe(1);
    const two = await openMember(2, addresses);
    await eventually(() => two.received.length === 1, 'the early message');
    expect(two.received[0]).toEqual({ from: 1, text: 'early' });
    expect(one.transport.queued(2).messages).toBe(0);
  }, 30_000);

  it('reconnects after a peer restarts, in both id orders', async () => {
    const addresses = await ports(1, 2, 3);
    const one = await openMember(1, addresses);
    let two = await openMember(2, addresses);
    const three = await openMember(3, addresses);
    await eventually(() => fullyConnected([one, two, three]), 'a full mesh');

    await two.transport.close();
    await eventually(
      () => !one.transport.isConnected(2) && !three.transport.isConnected(2),
      'the peers to see 2 go',
    );
    expect(one.events).toContain('-2');
    expect(three.events).toContain('-2');

    two = await openMember(2, addresses);
    await eventually(() => fullyConnected([one, two, three]), 'the mesh again');
    one.transport.send(2, text('from 1'));
    three.transport.send(2, text('from 3'));
    await eventually(() => two.received.length === 2, 'messages to the restarted member');
    expect(two.received.map((m) => m.text).sort()).toEqual(['from 1', 'from 3']);
  }, 30_000);

  it('drops a connection cut in the middle of a frame without delivering the partial message', async () => {
    const addresses = await ports(1, 2);
    const one = await openMember(1, addresses);
    // member 2 (a higher id, so its connection is kept) is played by a raw socket
    const raw = await rawConnect(addresses.get(1)!);
    raw.write(encodeFrame(encodeHandshake(2)));
    raw.write(encodeFrame(text('whole')));
    raw.write(frameHeader(100));
    raw.write(text('only ten b'));
    await eventually(() => one.received.length === 1, 'the whole message');
    raw.destroy();
    await eventually(() => one.events.includes('-2'), 'the disconnect');
    expect(one.received).toEqual([{ from: 2, text: 'whole' }]);
    expect(one.logger.lines.some((line) => line.includes('in the middle of a message'))).toBe(true);
  }, 30_000);

  it('refuses garbage: a wrong version, an unknown id, a bad first frame, an oversized frame', async () => {
    const addresses = await ports(1, 2);
    const one = await openMember(1, addresses, { maxFrameBytes: 1024 });

    const cases: Array<{ bytes: Uint8Array; logged: string }> = [
      { bytes: encodeFrame(Uint8Array.of(9, 0, 0, 0, 2)), logged: 'quorum protocol version 9' },
      { bytes: encodeFrame(encodeHandshake(77)), logged: 'unknown member id 77' },
      { bytes: text('GET / HTTP/1.1\r\n\r\n'), logged: 'first frame of' },
      { bytes: encodeFrame(Uint8Array.of(1, 2)), logged: 'expected a 5-byte handshake, got 2 bytes' },
    ];
    for (const { bytes, logged } of cases) {
      const raw = await rawConnect(addresses.get(1)!);
      raw.write(bytes);
      await closedPromise(raw);
      expect(one.logger.lines.some((line) => line.startsWith('WARN') && line.includes(logged))).toBe(true);
    }

    // after a good handshake, a frame over the cap closes the connection
    const raw = await rawConnect(addresses.get(1)!);
    raw.write(encodeFrame(encodeHandshake(2)));
    raw.write(frameHeader(1025));
    await closedPromise(raw);
    expect(
      one.logger.lines.some((line) => line.includes('frame of 1025 bytes is over the limit of 1024')),
    ).toBe(true);
    expect(one.received).toEqual([]);
    // and the transport still works
    const two = await openMember(2, addresses, { maxFrameBytes: 1024 });
    two.transport.send(1, text('still here'));
    await eventually(() => one.received.length === 1, 'a message after the garbage');
    expect(() => two.transport.send(1, new Uint8Array(1025))).toThrow(RangeError);
    expect(() => two.transport.send(9, text('x'))).toThrow(RangeError);
  }, 30_000);

  it('survives random bytes from strangers and still serves its peers (seeded; FC_SEED replays)', async () => {
    const addresses = await ports(1, 2);
    const one = await openMember(1, addresses, { maxFrameBytes: 4096 });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (bytes) => {
        const raw = await rawConnect(addresses.get(1)!);
        raw.on('error', () => {});
        raw.end(bytes);
        await closedPromise(raw);
      }),
      { numRuns: 40, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
    const two = await openMember(2, addresses, { maxFrameBytes: 4096 });
    two.transport.send(1, text('after the noise'));
    await eventually(() => one.received.some((m) => m.text === 'after the noise'), 'a real message');
  }, 60_000);

  it('retries binding a port still held by another process (electionPortBindRetry), then gives up', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', () => resolve()));
    const options = (attempts: number) => ({
      me: 1,
      listen: { host: '127.0.0.1', port },
      peers: [],
      logger: recordingLogger(),
      random: () => 0.5,
      bindRetry: { attempts, delayMs: 50 },
    });
    await expect(openTcpQuorumTransport(options(2))).rejects.toThrow(
      /cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/,
    );
    const waiting = openTcpQuorumTransport(options(0));
    setTimeout(() => blocker.close(), 150);
    const transport = await waiting;
    cleanups.push(() => transport.close());
    expect(transport.port).toBe(port);
  }, 30_000);

  describe('a peer that does not read (backpressure)', () => {
    /** Member 1 is a raw server that accepts member 2's connection and never reads from it. */
    async function stalledPeer(): Promise<{ addresses: Map<number, number>; server: Server }> {
      const addresses = await ports(1, 2);
      const accepted: Socket[] = [];
      const server = createServer((socket) => {
        socket.pause();
        accepted.push(socket);
      });
      await new Promise<void>((resolve) => server.listen(addresses.get(1)!, '127.0.0.1', () => resolve()));
      cleanups.push(
        () =>
          new Promise<void>((resolve) => {
            // a paused socket never reads the peer's FIN: end it here
            for (const socket of accepted) socket.destroy();
            server.close(() => resolve());
          }),
      );
      return { addresses, server };
    }

    it('drop-oldest keeps the queue within its bound', async () => {
      const { addresses } = await stalledPeer();
      const maxBytes = 4 * 1024 * 1024;
      const two = await openMember(2, addresses, { overflow: 'drop-oldest', maxBytes });
      await eventually(() => two.transport.isConnected(1), 'the connection to the stalled peer');
      const chunk = new Uint8Array(256 * 1024);
      for (let i = 0; i < 200; i++) two.transport.send(1, chunk);
      const queued = two.transport.queued(1);
      // 50 MiB sent into a socket nobody reads: most of it waits, and no more than the bound
      expect(queued.bytes).toBeGreaterThan(0);
      expect(queued.bytes).toBeLessThanOrEqual(maxBytes);
      expect(two.transport.isConnected(1)).toBe(true);
    }, 30_000);

    it('close drops the connection when the queue overflows', async () => {
      const { addresses } = await stalledPeer();
      const two = await openMember(2, addresses, { overflow: 'close', maxBytes: 4 * 1024 * 1024 });
      await eventually(() => two.transport.isConnected(1), 'the connection to the stalled peer');
      const chunk = new Uint8Array(256 * 1024);
      for (let i = 0; i < 200 && two.transport.isConnected(1); i++) two.transport.send(1, chunk);
      await eventually(() => two.events.includes('-1'), 'the disconnect');
      expect(two.logger.lines.some((line) => line.includes('send queue to member 1 overflowed'))).toBe(true);
    }, 30_000);
  });

  it('closes cleanly: close resolves, the peer sees the disconnect, nothing is reported afterwards', async () => {
    const addresses = await ports(1, 2);
    const one = await openMember(1, addresses);
    const two = await openMember(2, addresses);
    await eventually(() => fullyConnected([one, two]), 'the connection');
    const eventsBefore = one.events.length;
    await one.transport.close();
    await eventually(() => two.events.includes('-1'), 'the peer to notice');
    expect(one.events.length).toBe(eventsBefore);
    one.transport.send(2, text('after close'));
    expect(one.transport.queued(2).messages).toBe(0);
  }, 30_000);
});

function encodeFrame(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(4 + payload.length);
  frame.set(frameHeader(payload.length));
  frame.set(payload, 4);
  return frame;
}
