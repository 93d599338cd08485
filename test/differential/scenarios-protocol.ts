/**
 * Scenarios at the framing level: unknown opcodes, requests with truncated or trailing bytes,
 * ops the client may not send, and what the server does with the connection afterwards.
 */
import { createConnection } from 'node:net';
import { OpCode } from '@zkts/core';
import { decodeConnectResponse, decodeReplyHeader, encodeRequest, FrameParser } from '@zkts/protocol';
import { connectRequestBytes, type RawClient } from '../support/raw-client';
import type { Scenario, ScenarioContext } from './harness';
import { create, exists } from './scenario-helpers';

/** A whole frame: 4-byte length + RequestHeader{xid, type} + `body`. */
function frame(xid: number, type: number, body: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = Buffer.alloc(12 + body.length);
  out.writeInt32BE(8 + body.length, 0);
  out.writeInt32BE(xid, 4);
  out.writeInt32BE(type, 8);
  out.set(body, 12);
  return out;
}

/**
 * What became of the connection after a bad frame: 'closed' if the server dropped it within a
 * second, else whether it still answers. (When a server answers an error and then closes, a
 * request sent in between may or may not be answered, so only the end state is recorded.)
 */
async function fate(client: RawClient): Promise<string> {
  const probe = await client.request(exists('/zkts-alive')).then(
    () => 'answers',
    () => 'closed',
  );
  if (probe === 'closed') return probe;
  const closed = await Promise.race([
    client.closed.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 300)),
  ]);
  return closed ? 'closed' : probe;
}

/** Sends one bad frame per case on its own connection, all at once; notes what happened in order. */
async function badFrames(ctx: ScenarioContext, cases: Array<[string, number, Uint8Array]>): Promise<void> {
  const outcomes = await Promise.all(
    cases.map(async ([label, type, body], i) => {
      const name = `bad${i}`;
      const client = await ctx.session(name, { record: false });
      const xid = client.takeXid();
      const reply = await Promise.race([
        client.send(xid, type, frame(xid, type, body)).then(
          (answer) => ({ err: answer.err, sameXid: answer.xid === xid }),
          () => 'connection closed',
        ),
        new Promise<string>((resolve) => setTimeout(() => resolve('no reply within 3 s'), 3000)),
      ]);
      return [label, reply, await fate(client)] as const;
    }),
  );
  for (const [label, reply, after] of outcomes) {
    ctx.note(label, reply);
    ctx.note(`${label}: connection afterwards`, after);
  }
}

function pathBody(path: string, trailing: number[] = []): Uint8Array {
  const text = Buffer.from(path);
  const out = Buffer.alloc(4 + text.length + trailing.length);
  out.writeInt32BE(text.length, 0);
  text.copy(out, 4);
  out.set(trailing, 4 + text.length);
  return out;
}

export const protocolScenarios: Scenario[] = [
  {
    name: 'unknown opcodes, reconfig and sasl',
    async run(ctx) {
      await badFrames(
        ctx,
        [10, 999, -1, 0, 23, 108, 16, 102].map((type) => [`opcode ${type}`, type, pathBody('/')]),
      );
    },
  },
  {
    name: 'malformed bodies: truncated, trailing bytes, huge string length, null path',
    async run(ctx) {
      const r = ctx.root;
      const cases: Array<[string, number, Uint8Array]> = [
        ['getData truncated (no watch byte)', OpCode.getData, pathBody(r)],
        ['getData trailing bytes', OpCode.getData, pathBody('/', [0, 1, 2, 3])],
        ['exists string length beyond frame', OpCode.exists, Buffer.from([0, 0, 0x10, 0, 0x2f, 0])],
        ['exists negative string length', OpCode.exists, Buffer.from([0xff, 0xff, 0xff, 0xfe, 0])],
        ['create empty body', OpCode.create, new Uint8Array(0)],
        ['setData truncated', OpCode.setData, pathBody(`${r}x`)],
        ['multi without terminator', OpCode.multi, Buffer.from([0, 0, 0, 1, 0, 0, 0, 0])],
      ];
      await badFrames(ctx, cases);
      await ctx.session('check');
      await ctx.call('check', exists(`${r}x`));
      await ctx.call('check', create(`${r}`));
    },
  },
  {
    name: 'a null path is MARSHALLINGERROR',
    async run(ctx) {
      await badFrames(ctx, [['exists null path', OpCode.exists, Buffer.from([0xff, 0xff, 0xff, 0xff, 0])]]);
    },
  },
  {
    name: 'server-internal opcodes createSession and deleteContainer from a client',
    async run(ctx) {
      await badFrames(
        ctx,
        [-10, 20].map((type) => [`opcode ${type}`, type, pathBody('/')]),
      );
    },
  },
  {
    name: 'a second ConnectRequest on an established connection',
    async run(ctx) {
      const client = await ctx.session('a', { record: false });
      // A second ConnectRequest on an established connection: read as RequestHeader{xid 0, type 0}.
      client.writeRaw(connectRequestBytes());
      ctx.note('after a second ConnectRequest: connection', await fate(client));
    },
  },
  {
    name: 'requests pipelined behind the ConnectRequest in one write',
    async run(ctx) {
      const replies = await new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        const socket = createConnection({ host: ctx.target.host, port: ctx.target.port });
        let first = true;
        const parser = new FrameParser({
          onFrame: (body) => {
            if (first) {
              first = false;
              seen.push(`connect timeOut>0: ${decodeConnectResponse(body).timeOut > 0}`);
              return;
            }
            const header = decodeReplyHeader(body);
            seen.push(`xid ${header.xid} err ${header.err}`);
            if (header.xid === 3) socket.destroy();
          },
        });
        socket.on('data', (chunk) => parser.push(chunk));
        socket.on('close', () => resolve(seen));
        socket.on('error', () => {});
        socket.once('connect', () => {
          socket.write(
            Buffer.concat([
              connectRequestBytes({ timeOut: 4000 }),
              encodeRequest(1, create(`${ctx.root}`)),
              encodeRequest(2, exists(`${ctx.root}`)),
              encodeRequest(3, { type: OpCode.closeSession }),
            ]),
          );
        });
      });
      ctx.note('replies', replies);
    },
  },
  {
    name: 'requests pipelined behind a closeSession, and special xids used for ordinary requests',
    async run(ctx) {
      const answers = await new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        const socket = createConnection({ host: ctx.target.host, port: ctx.target.port });
        let first = true;
        const parser = new FrameParser({
          onFrame: (body) => {
            if (first) {
              first = false;
              return;
            }
            const header = decodeReplyHeader(body);
            seen.push(`xid ${header.xid} err ${header.err}`);
          },
        });
        socket.on('data', (chunk) => parser.push(chunk));
        socket.on('close', () => resolve(seen));
        socket.on('error', () => {});
        socket.once('connect', () => {
          socket.write(
            Buffer.concat([
              connectRequestBytes({ timeOut: 4000 }),
              encodeRequest(1, exists('/zkts-none')),
              encodeRequest(-2, exists('/zkts-none')),
              encodeRequest(-8, exists('/zkts-none')),
              encodeRequest(0, exists('/zkts-none')),
              encodeRequest(2, { type: OpCode.closeSession }),
              encodeRequest(3, exists('/zkts-none')),
              encodeRequest(4, create(`${ctx.root}-after-close`)),
            ]),
          );
        });
      });
      // Whether the closeSession and the requests after it are answered (err −112) before the
      // connection closes varies on ZooKeeper; what must hold: the earlier requests are
      // answered in order, and the create after the closeSession never takes effect.
      ctx.note(
        'replies before the closeSession',
        answers.filter((answer) => /^xid (1|-2|-8|0) /.test(answer)),
      );
      await ctx.session('check');
      await ctx.call('check', exists(`${ctx.root}-after-close`));
    },
  },
];
