import { OPEN_ACL_UNSAFE, OpCode } from '@zkts/core';
import { encodeRequest } from '@zkts/protocol';
import { createMemoryStorage, type Storage } from '@zkts/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from './raw-client';
import { startServer } from './support';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Memory storage whose flushes wait until the test releases them. */
function gatedStorage(): { storage: Storage; flushes: number; release(): void } {
  const storage = createMemoryStorage();
  const log = storage.log;
  const gates: Array<() => void> = [];
  let flushes = 0;
  const originalFlush = log.flush.bind(log);
  log.flush = () => {
    flushes++;
    return new Promise<void>((resolve) => gates.push(() => void originalFlush().then(resolve)));
  };
  return {
    storage,
    get flushes() {
      return flushes;
    },
    release() {
      for (const open of gates.splice(0)) open();
    },
  };
}

describe('durability before acknowledgement', () => {
  it('replies to a write, and to a read queued behind it, only after the flush covering it resolved', async () => {
    const gated = gatedStorage();
    const server = await startServer({ storage: gated.storage });
    cleanups.push(() => server.close());
    cleanups.push(() => gated.release());
    // the createSession txn needs a flush too
    const connecting = RawClient.connect(server.address.port);
    while (gated.flushes === 0) await new Promise((resolve) => setImmediate(resolve));
    gated.release();
    const { client } = await connecting;

    client.send(
      Buffer.concat([
        encodeRequest(1, {
          type: OpCode.create,
          path: '/d',
          data: new Uint8Array(0),
          acl: [...OPEN_ACL_UNSAFE],
          flags: 0,
        }),
        encodeRequest(2, { type: OpCode.exists, path: '/d', watch: false }),
      ]),
    );
    while (gated.flushes === 1) await new Promise((resolve) => setImmediate(resolve));
    // appended but not durable: nothing applied, nothing answered
    expect(gated.storage.log.lastZxid).toBe(2);
    expect(server.host.tree.stat('/d')).toBeUndefined();
    expect(server.host.outstandingRequests).toBe(2);
    const first = client.reply(OpCode.create);

    gated.release();
    expect(await first).toMatchObject({ xid: 1, err: 0, zxid: 2 });
    expect(await client.reply(OpCode.exists)).toMatchObject({ xid: 2, err: 0, zxid: 2 });
    client.close();
  });

  it('a connection that takes over a session answers reads only after the earlier writes of that session', async () => {
    const gated = gatedStorage();
    const server = await startServer({ storage: gated.storage });
    cleanups.push(() => server.close());
    cleanups.push(() => gated.release());
    const connecting = RawClient.connect(server.address.port);
    while (gated.flushes === 0) await new Promise((resolve) => setImmediate(resolve));
    gated.release();
    const { client: first, response } = await connecting;

    first.request(1, {
      type: OpCode.create,
      path: '/t',
      data: new Uint8Array(0),
      acl: [...OPEN_ACL_UNSAFE],
      flags: 0,
    });
    while (gated.flushes === 1) await new Promise((resolve) => setImmediate(resolve));
    // the create waits for its flush; a second connection takes the session over meanwhile
    const second = await RawClient.connect(server.address.port, {
      sessionId: response!.sessionId,
      passwd: response!.passwd,
    });
    await first.closed;
    second.client.request(2, { type: OpCode.exists, path: '/t', watch: false });
    const answer = second.client.reply(OpCode.exists);
    while (server.host.outstandingRequests < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(server.host.tree.stat('/t')).toBeUndefined();
    gated.release();
    expect(await answer).toMatchObject({ xid: 2, err: 0 });
    second.client.close();
  });

  it('stops reading from a client while globalOutstandingLimit requests wait, and resumes after', async () => {
    const gated = gatedStorage();
    const server = await startServer({ storage: gated.storage, globalOutstandingLimit: 3 });
    cleanups.push(() => server.close());
    cleanups.push(() => gated.release());
    const connecting = RawClient.connect(server.address.port);
    while (gated.flushes === 0) await new Promise((resolve) => setImmediate(resolve));
    gated.release();
    const { client } = await connecting;
    const acl = [...OPEN_ACL_UNSAFE];
    client.send(
      Buffer.concat(
        [1, 2, 3, 4].map((xid) =>
          encodeRequest(xid, {
            type: OpCode.create,
            path: `/o${xid}`,
            data: new Uint8Array(0),
            acl,
            flags: 0,
          }),
        ),
      ),
    );
    while (gated.flushes === 1) await new Promise((resolve) => setImmediate(resolve));
    const [connection] = server.host.connections;
    expect(server.host.outstandingRequests).toBe(4);
    expect(connection?.paused).toBe(true);
    gated.release();
    for (const xid of [1, 2, 3, 4]) expect(await client.reply(OpCode.create)).toMatchObject({ xid, err: 0 });
    expect(connection?.paused).toBe(false);
    client.close();
  });

  it('takes at most 1000 unanswered requests of one connection; the rest wait and are answered after', async () => {
    const gated = gatedStorage();
    const server = await startServer({ storage: gated.storage, globalOutstandingLimit: 100_000 });
    cleanups.push(() => server.close());
    cleanups.push(() => gated.release());
    const connecting = RawClient.connect(server.address.port);
    while (gated.flushes === 0) await new Promise((resolve) => setImmediate(resolve));
    gated.release();
    const { client } = await connecting;
    const acl = [...OPEN_ACL_UNSAFE];
    const total = 1200;
    const frames: Buffer[] = [];
    for (let xid = 1; xid <= total; xid++) {
      const request = {
        type: OpCode.create,
        path: `/f${xid}`,
        data: new Uint8Array(0),
        acl,
        flags: 0,
      } as const;
      frames.push(Buffer.from(encodeRequest(xid, request)));
    }
    client.send(Buffer.concat(frames));
    // the log never finishes a flush until released: requests pile up to the per-connection cap
    const deadline = Date.now() + 10_000;
    while (server.host.outstandingRequests < 1000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.host.outstandingRequests).toBe(1000);
    const releasing = setInterval(() => gated.release(), 5);
    cleanups.push(() => clearInterval(releasing));
    for (let xid = 1; xid <= total; xid++) {
      expect(await client.reply(OpCode.create)).toMatchObject({ xid, err: 0 });
    }
    client.close();
  });
});
