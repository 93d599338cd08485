/**
 * Seeded frame fuzzer: random, truncated, mutated and oversized frames, and half-open
 * connections, thrown at a running target. After every attack a separate healthy session must
 * still answer, and the data committed before the fuzzing must be intact; at the end the
 * server must still accept new sessions.
 *
 * Bounded: FUZZ_RUNS attacks per target (default 150) and at most ~8 s of attacks each.
 * The seed is printed; replay a failure with FC_SEED=<seed> (and FC_PATH=<path> from the
 * fast-check report).
 */
import { createConnection, type Socket } from 'node:net';
import { OpCode } from '@zkts/core';
import { encodeRequest } from '@zkts/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRequestBytes, RawClient } from '../support/raw-client';
import { type RunningTarget, targets } from '../support/targets';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
const path = process.env.FC_PATH;
const runs = Number(process.env.FUZZ_RUNS ?? 150);
console.log(`[fuzz] seed ${seed} (replay with FC_SEED=${seed})`);

const OPEN = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const VALUE = new TextEncoder().encode('committed before the fuzzing');

function frame(body: Uint8Array): Uint8Array {
  const out = Buffer.alloc(4 + body.length);
  out.writeInt32BE(body.length, 0);
  out.set(body, 4);
  return out;
}

const handshake = connectRequestBytes({ timeOut: 4000 });

/** Valid requests to mutate: reads and writes confined to /fuzz-junk (never the guarded data). */
const templates: Uint8Array[] = [
  encodeRequest(1, { type: OpCode.getData, path: '/fuzz/data', watch: true }),
  encodeRequest(2, { type: OpCode.exists, path: '/fuzz-junk/x', watch: true }),
  encodeRequest(3, { type: OpCode.create, path: '/fuzz-junk/n', data: VALUE, acl: OPEN, flags: 3 }),
  encodeRequest(4, { type: OpCode.getChildren2, path: '/fuzz', watch: false }),
  encodeRequest(5, {
    type: OpCode.multi,
    ops: [
      { type: OpCode.create, path: '/fuzz-junk/m', data: VALUE, acl: OPEN, flags: 1 },
      { type: OpCode.check, path: '/fuzz-junk', version: 0 },
    ],
  }),
  encodeRequest(6, {
    type: OpCode.setWatches2,
    relativeZxid: 0,
    dataWatches: ['/fuzz/data'],
    existWatches: [],
    childWatches: ['/'],
    persistentWatches: ['/fuzz'],
    persistentRecursiveWatches: ['/'],
  }),
  encodeRequest(7, {
    type: OpCode.auth,
    authType: 0,
    scheme: 'digest',
    auth: new TextEncoder().encode('u:p'),
  }),
  encodeRequest(8, { type: OpCode.addWatch, path: '/fuzz-junk', mode: 1 }),
].map((bytes) => Uint8Array.from(bytes));

type Attack =
  | { kind: 'garbage'; bytes: Uint8Array; afterHandshake: boolean }
  | { kind: 'random-frames'; frames: Array<{ xid: number; type: number; body: Uint8Array }> }
  | { kind: 'mutated'; template: number; flips: Array<[number, number]>; cut: number }
  | { kind: 'truncated'; declared: number; sent: number; afterHandshake: boolean }
  | { kind: 'bad-length'; length: number; afterHandshake: boolean }
  | { kind: 'half-open'; bytes: number }
  | { kind: 'bad-handshake'; flips: Array<[number, number]>; cut: number };

const opcodes = fc.oneof(
  fc.constantFrom(...Object.values(OpCode)),
  fc.integer({ min: -20, max: 130 }),
  fc.integer(),
);

const attack: fc.Arbitrary<Attack> = fc.oneof(
  fc.record({
    kind: fc.constant('garbage' as const),
    bytes: fc.uint8Array({ maxLength: 300 }),
    afterHandshake: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('random-frames' as const),
    frames: fc.array(
      fc.record({ xid: fc.integer(), type: opcodes, body: fc.uint8Array({ maxLength: 120 }) }),
      {
        minLength: 1,
        maxLength: 6,
      },
    ),
  }),
  fc.record({
    kind: fc.constant('mutated' as const),
    template: fc.nat({ max: templates.length - 1 }),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    cut: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('truncated' as const),
    declared: fc.integer({ min: 1, max: 5000 }),
    sent: fc.nat({ max: 4999 }),
    afterHandshake: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('bad-length' as const),
    length: fc.oneof(
      fc.integer({ min: -0x80000000, max: -1 }),
      fc.integer({ min: 0x100000, max: 0x7fffffff }),
    ),
    afterHandshake: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('half-open' as const), bytes: fc.nat({ max: 60 }) }),
  fc.record({
    kind: fc.constant('bad-handshake' as const),
    flips: fc.array(fc.tuple(fc.nat({ max: 48 }), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 4,
    }),
    cut: fc.nat({ max: 49 }),
  }),
);

function mutate(bytes: Uint8Array, flips: Array<[number, number]>, cut: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (const [at, value] of flips) out[at % out.length] = value;
  return out.subarray(0, out.length - (cut % Math.max(1, out.length / 2)));
}

function bytesOf(attack: Attack): { bytes: Uint8Array; keepOpen: boolean } {
  const withHandshake = (rest: Uint8Array, afterHandshake: boolean) =>
    afterHandshake ? Buffer.concat([handshake, rest]) : rest;
  switch (attack.kind) {
    case 'garbage':
      return { bytes: withHandshake(attack.bytes, attack.afterHandshake), keepOpen: false };
    case 'random-frames': {
      const frames = attack.frames.map(({ xid, type, body }) => {
        const header = Buffer.alloc(8);
        header.writeInt32BE(xid, 0);
        header.writeInt32BE(type, 4);
        return frame(Buffer.concat([header, body]));
      });
      return { bytes: Buffer.concat([handshake, ...frames]), keepOpen: false };
    }
    case 'mutated': {
      const template = templates[attack.template] ?? templates[0];
      return {
        bytes: Buffer.concat([handshake, mutate(template as Uint8Array, attack.flips, attack.cut)]),
        keepOpen: false,
      };
    }
    case 'truncated': {
      const prefix = Buffer.alloc(4);
      prefix.writeInt32BE(attack.declared, 0);
      const body = Buffer.alloc(Math.min(attack.sent, attack.declared - 1), 0x41);
      return { bytes: withHandshake(Buffer.concat([prefix, body]), attack.afterHandshake), keepOpen: true };
    }
    case 'bad-length': {
      const prefix = Buffer.alloc(8);
      prefix.writeInt32BE(attack.length, 0);
      return { bytes: withHandshake(prefix, attack.afterHandshake), keepOpen: false };
    }
    case 'half-open':
      return { bytes: handshake.subarray(0, Math.min(attack.bytes, handshake.length - 1)), keepOpen: true };
    case 'bad-handshake':
      return { bytes: mutate(handshake, attack.flips, attack.cut), keepOpen: false };
  }
}

/** Sends the attack on a fresh connection; resolves when the server closed it or after a short grace. */
function launch(target: RunningTarget, attack: Attack, halfOpen: Socket[]): Promise<void> {
  const { bytes, keepOpen } = bytesOf(attack);
  return new Promise((resolve) => {
    const socket = createConnection({ host: target.host, port: target.port });
    socket.on('error', () => {});
    socket.on('data', () => {});
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      if (keepOpen) halfOpen.push(socket);
      else socket.destroy();
      done();
    }, 30);
    socket.once('close', done);
    socket.once('connect', () => socket.write(bytes));
  });
}

for (const target of await targets()) {
  describe(`frame fuzzing against ${target.name}`, { timeout: 20_000 }, () => {
    let server: RunningTarget;
    let healthy: RawClient;
    const halfOpen: Socket[] = [];

    beforeAll(async () => {
      server = await target.start({ tickTime: 500 });
      healthy = await RawClient.connect(server.host, server.port, { timeOut: 10_000 });
      healthy.keepAlive(1000);
      for (const path of ['/fuzz', '/fuzz/data', '/fuzz-junk']) {
        const reply = await healthy.request({ type: OpCode.create, path, data: VALUE, acl: OPEN, flags: 0 });
        expect(reply.err).toBe(0);
      }
    }, 60_000);
    afterAll(async () => {
      for (const socket of halfOpen) socket.destroy();
      await healthy?.close();
      await server?.stop();
    });

    async function checkIntact(): Promise<void> {
      const reply = await healthy.request({ type: OpCode.getData, path: '/fuzz/data', watch: false });
      expect(reply.err).toBe(0);
      const { data, stat } = reply.response as { data: Uint8Array; stat: { version: number } };
      expect(Buffer.from(data).equals(Buffer.from(VALUE))).toBe(true);
      expect(stat.version).toBe(0);
    }

    it('stays up, keeps a healthy session working and committed data intact', async () => {
      await fc.assert(
        fc.asyncProperty(attack, async (chosen) => {
          await launch(server, chosen, halfOpen);
          expect(healthy.isOpen).toBe(true);
          await checkIntact();
        }),
        { seed, numRuns: runs, interruptAfterTimeLimit: 8000, ...(path ? { path } : {}) },
      );
      // Still accepting: a brand-new session works next to the half-open connections.
      const fresh = await RawClient.connect(server.host, server.port);
      expect(fresh.timeOut).toBeGreaterThan(0);
      expect((await fresh.request({ type: OpCode.exists, path: '/fuzz/data', watch: false })).err).toBe(0);
      await fresh.close();
      await checkIntact();
    }, 30_000);

    it('refuses a frame over jute.maxbuffer (2 MiB setData) without harming others', async () => {
      const big = await RawClient.connect(server.host, server.port);
      const request = encodeRequest(1, {
        type: OpCode.setData,
        path: '/fuzz/data',
        data: new Uint8Array(2 * 1024 * 1024),
        version: -1,
      });
      const answer = await big.send(1, OpCode.setData, request).then(
        (reply) => `err ${reply.err}`,
        () => 'closed',
      );
      // ZooKeeper 3.8 closes the connection ("Len error"); nothing is written.
      expect(answer).toBe('closed');
      await checkIntact();
    });

    it('many half-open connections at once do not block new sessions', async () => {
      const sockets = await Promise.all(
        Array.from(
          { length: 50 },
          (_, i) =>
            new Promise<Socket>((resolve) => {
              const socket = createConnection({ host: server.host, port: server.port }, () => {
                socket.write(handshake.subarray(0, i % 40));
                resolve(socket);
              });
              socket.on('error', () => {});
            }),
        ),
      );
      try {
        const fresh = await RawClient.connect(server.host, server.port);
        expect((await fresh.request({ type: OpCode.exists, path: '/fuzz', watch: false })).err).toBe(0);
        await fresh.close();
        await checkIntact();
      } finally {
        for (const socket of sockets) socket.destroy();
      }
    });
  });
}
