import { ErrorCode, OPEN_ACL_UNSAFE, OpCode } from '@zkts/core';
import { encodeRequest } from '@zkts/protocol';
import { createFaultyStorage, seededRandom } from '@zkts/storage';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../src/index';
import { RawClient } from './raw-client';
import { startServer } from './support';

const acl = [...OPEN_ACL_UNSAFE];
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`INFO ${m}`),
    warn: (m) => lines.push(`WARN ${m}`),
    error: (m) => lines.push(`ERROR ${m}`),
  };
}

describe('limits', () => {
  it('refuses connections over maxClientCnxns from one IP, and accepts again once one closes', async () => {
    const logger = recordingLogger();
    const server = await startServer({ maxClientCnxns: 2, logger });
    cleanups.push(() => server.close());
    const a = await RawClient.connect(server.address.port);
    const b = await RawClient.connect(server.address.port);
    const c = await RawClient.connect(server.address.port);
    expect(a.response).not.toBeNull();
    expect(b.response).not.toBeNull();
    expect(c.response).toBeNull();
    expect(logger.lines).toContain(
      'WARN too many connections from 127.0.0.1 - max is 2; closing the new one',
    );
    a.client.close();
    await a.client.closed;
    await new Promise((resolve) => setImmediate(resolve));
    const d = await RawClient.connect(server.address.port);
    expect(d.response).not.toBeNull();
    b.client.close();
    d.client.close();
  });

  it('answers every pipelined request, in order, while globalOutstandingLimit throttles reading', async () => {
    const server = await startServer({ globalOutstandingLimit: 2 });
    cleanups.push(() => server.close());
    const { client } = await RawClient.connect(server.address.port);
    const frames: Uint8Array[] = [];
    for (let i = 1; i <= 200; i++) {
      frames.push(
        i % 2 === 1
          ? encodeRequest(i, { type: OpCode.create, path: `/t${i}`, data: new Uint8Array(0), acl, flags: 0 })
          : encodeRequest(i, { type: OpCode.exists, path: `/t${i - 1}`, watch: false }),
      );
    }
    client.send(Buffer.concat(frames));
    for (let i = 1; i <= 200; i++) {
      const reply = await client.reply(i % 2 === 1 ? OpCode.create : OpCode.exists);
      expect(reply).toMatchObject({ xid: i, err: 0 });
    }
    expect(server.host.outstandingRequests).toBe(0);
    client.close();
  });
});

describe('sessionless connections', () => {
  it('closes a connection that never sends a ConnectRequest', async () => {
    const logger = recordingLogger();
    const server = await startServer({ sessionlessConnectionTimeoutMs: 50, logger });
    cleanups.push(() => server.close());
    const idle = await RawClient.open(server.address.port);
    await idle.closed;
    expect(logger.lines.some((line) => /no ConnectRequest within 50ms/.test(line))).toBe(true);
  });
});

describe('storage failure', () => {
  it('stops acknowledging writes once an fsync fails, says why, and loses no acknowledged write', async () => {
    const storage = await createFaultyStorage({ random: seededRandom(7) });
    const logger = recordingLogger();
    const server = await startServer({ storage, logger });
    cleanups.push(() => server.close());
    const { client, response } = await RawClient.connect(server.address.port);
    client.request(1, { type: OpCode.create, path: '/durable', data: new Uint8Array(0), acl, flags: 0 });
    expect((await client.reply(OpCode.create)).err).toBe(0);

    storage.disk.failNext('fsync-error');
    client.request(2, { type: OpCode.create, path: '/lost', data: new Uint8Array(0), acl, flags: 0 });
    // no reply: the connection is closed instead of acknowledging a write that is not durable
    expect(await client.next()).toBeNull();
    expect(logger.lines.some((line) => line.startsWith('ERROR txn log failed'))).toBe(true);

    // reads still work for a resumed session; the failed write was never applied
    const again = await RawClient.connect(server.address.port, {
      sessionId: response!.sessionId,
      passwd: response!.passwd,
    });
    again.client.request(3, { type: OpCode.exists, path: '/lost', watch: false });
    expect((await again.client.reply(OpCode.exists)).err).toBe(ErrorCode.NONODE);
    again.client.request(4, { type: OpCode.exists, path: '/durable', watch: false });
    expect((await again.client.reply(OpCode.exists)).err).toBe(0);
    // and writes keep being refused
    again.client.request(5, { type: OpCode.delete, path: '/durable', version: -1 });
    expect(await again.client.next()).toBeNull();
  });
});
