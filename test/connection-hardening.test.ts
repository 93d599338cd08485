/**
 * How a server ends a connection that misbehaves, checked against the real ZooKeeper 3.8 and
 * zkts alike: a frame too short to hold a RequestHeader (zero length included) closes the
 * connection without a reply, and after AUTHFAILED nothing more is answered, not even a request
 * the client had already pipelined behind the addauth.
 */
import { createConnection, type Socket } from 'node:net';
import { OpCode } from '@zkts/core';
import { decodeReplyHeader, encodeRequest, FrameParser } from '@zkts/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRequestBytes } from './support/raw-client';
import { type RunningTarget, targets } from './support/targets';

interface Exchange {
  /** Reply frames after the ConnectResponse: their xid and err. */
  replies: Array<{ xid: number; err: number }>;
  /** Whether the server closed the connection within the wait. */
  closed: boolean;
}

/** Connects, sends `after` right behind the ConnectRequest in one write, and records until close or `waitMs`. */
function exchange(server: RunningTarget, after: Uint8Array[], waitMs = 2000): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket: Socket = createConnection({ host: server.host, port: server.port });
    const replies: Exchange['replies'] = [];
    let frames = 0;
    const parser = new FrameParser({
      onFrame: (body) => {
        if (frames++ === 0) return; // ConnectResponse
        const header = decodeReplyHeader(body);
        replies.push({ xid: header.xid, err: header.err });
      },
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ replies, closed: false });
    }, waitMs);
    socket.on('data', (chunk) => parser.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ replies, closed: true });
    });
    socket.on('connect', () => {
      const connect = connectRequestBytes();
      socket.write(Buffer.concat([Buffer.from(connect), ...after.map((bytes) => Buffer.from(bytes))]));
    });
    socket.on('timeout', reject);
  });
}

const copy = (bytes: Uint8Array) => Uint8Array.from(bytes);
const getRoot = (xid: number) => copy(encodeRequest(xid, { type: OpCode.getData, path: '/', watch: false }));
const lengthOnly = (length: number, fill = 0) => {
  const frame = Buffer.alloc(4 + length, fill);
  frame.writeInt32BE(length, 0);
  return frame;
};

for (const target of await targets()) {
  describe(`connection hardening against ${target.name}`, { timeout: 30_000 }, () => {
    let server: RunningTarget;
    beforeAll(async () => {
      server = await target.start();
    }, 60_000);
    afterAll(() => server?.stop());

    it('a zero-length frame after the handshake closes the connection without a reply', async () => {
      const result = await exchange(server, [lengthOnly(0), getRoot(1)]);
      expect(result).toEqual({ replies: [], closed: true });
    });

    it('a 4-byte frame (an xid, no type) closes the connection without a reply', async () => {
      const result = await exchange(server, [lengthOnly(4, 1), getRoot(1)]);
      expect(result).toEqual({ replies: [], closed: true });
    });

    it('after AUTHFAILED a pipelined request gets no answer', async () => {
      const auth = copy(
        encodeRequest(-4, {
          type: OpCode.auth,
          authType: 0,
          scheme: 'nosuchscheme',
          auth: new Uint8Array(3),
        }),
      );
      const result = await exchange(server, [auth, getRoot(1)]);
      expect(result).toEqual({ replies: [{ xid: -4, err: -115 }], closed: true });
    });
  });
}
