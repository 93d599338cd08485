import { ErrorCode, EventType, OPEN_ACL_UNSAFE, OpCode } from '@zkts/core';
import { encodeRequest } from '@zkts/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZooKeeperServer } from '../src/index';
import { RawClient } from './raw-client';
import { startServer } from './support';

const acl = [...OPEN_ACL_UNSAFE];
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined) => new TextDecoder().decode(data);

let server: ZooKeeperServer;
let port: number;

beforeAll(async () => {
  server = await startServer({ tickTime: 2000 });
  port = server.address.port;
});
afterAll(() => server.close());

function frameOf(body: number[]): Uint8Array {
  const frame = new Uint8Array(4 + body.length);
  new DataView(frame.buffer).setInt32(0, body.length);
  frame.set(body, 4);
  return frame;
}

describe('handshake', () => {
  it('creates a session: negotiated timeout, server id 1 in the top byte, 37-byte reply', async () => {
    const { client, response } = await RawClient.connect(port, { timeOut: 1_000_000 });
    expect(response).toMatchObject({
      protocolVersion: 0,
      timeOut: 40_000,
      readOnly: false,
      withReadOnly: true,
    });
    expect(response!.sessionId >> 56n).toBe(1n);
    expect(response!.passwd).toHaveLength(16);
    client.close();
  });

  it('answers the 44-byte ConnectRequest of old clients with the 36-byte form', async () => {
    const { client, response } = await RawClient.connect(port, { withReadOnly: false, timeOut: 1 });
    expect(response).toMatchObject({ timeOut: 4000, withReadOnly: false });
    client.request(1, { type: OpCode.exists, path: '/', watch: false });
    expect((await client.reply(OpCode.exists)).err).toBe(0);
    client.close();
  });

  it('resumes a session with its password and closes the connection that held it (takeover)', async () => {
    const first = await RawClient.connect(port);
    const { sessionId, passwd } = first.response!;
    const second = await RawClient.connect(port, { sessionId, passwd });
    expect(second.response).toMatchObject({ sessionId, timeOut: 30_000 });
    await first.client.closed;
    second.client.request(1, { type: OpCode.exists, path: '/', watch: false });
    expect((await second.client.reply(OpCode.exists)).err).toBe(0);
    second.client.close();
  });

  it('refuses a wrong password with timeout 0, session 0 and a zero password, then closes', async () => {
    const first = await RawClient.connect(port);
    const wrong = first.response!.passwd.slice();
    wrong[0]! ^= 0xff;
    const second = await RawClient.connect(port, { sessionId: first.response!.sessionId, passwd: wrong });
    expect(second.response).toMatchObject({ timeOut: 0, sessionId: 0n });
    expect([...second.response!.passwd]).toEqual(new Array(16).fill(0));
    await second.client.closed;
    first.client.close();
  });

  it('refuses an unknown session the same way', async () => {
    const { client, response } = await RawClient.connect(port, {
      sessionId: 0x0100_0000_0000_1234n,
      passwd: new Uint8Array(16),
    });
    expect(response).toMatchObject({ timeOut: 0, sessionId: 0n });
    await client.closed;
  });

  it('closes without answering a client that has seen a newer zxid than ours', async () => {
    const { client, response } = await RawClient.connect(port, { lastZxidSeen: 1_000_000 });
    expect(response).toBeNull();
    await client.closed;
  });
});

describe('requests', () => {
  it('answers pipelined requests in order; a read sees the write its session sent before it', async () => {
    const { client } = await RawClient.connect(port);
    const batch = [
      encodeRequest(1, { type: OpCode.create, path: '/pipe', data: bytes('v0'), acl, flags: 0 }),
      encodeRequest(2, { type: OpCode.getData, path: '/pipe', watch: false }),
      encodeRequest(3, { type: OpCode.setData, path: '/pipe', data: bytes('v1'), version: 0 }),
      encodeRequest(4, { type: OpCode.getData, path: '/pipe', watch: false }),
      encodeRequest(5, { type: OpCode.delete, path: '/pipe', version: 1 }),
      encodeRequest(6, { type: OpCode.exists, path: '/pipe', watch: false }),
    ];
    client.send(Buffer.concat(batch));
    const create = await client.reply(OpCode.create);
    const read1 = await client.reply(OpCode.getData);
    const set = await client.reply(OpCode.setData);
    const read2 = await client.reply(OpCode.getData);
    const del = await client.reply(OpCode.delete);
    const exists = await client.reply(OpCode.exists);
    expect([create, read1, set, read2, del, exists].map((r) => r.xid)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(create.response).toEqual({ type: OpCode.create, path: '/pipe' });
    expect(text((read1.response as { data: Uint8Array }).data)).toBe('v0');
    expect(text((read2.response as { data: Uint8Array }).data)).toBe('v1');
    expect(read2.zxid).toBe(set.zxid);
    expect(del.err).toBe(0);
    expect(exists.err).toBe(ErrorCode.NONODE);
    expect(exists.zxid).toBe(del.zxid);
    client.close();
  });

  it('gives a failed write its own zxid, as ZooKeeper logs an error txn', async () => {
    const { client } = await RawClient.connect(port);
    client.request(1, { type: OpCode.create, path: '/dup', data: bytes(''), acl, flags: 0 });
    const first = await client.reply(OpCode.create);
    client.request(2, { type: OpCode.create, path: '/dup', data: bytes(''), acl, flags: 0 });
    const second = await client.reply(OpCode.create);
    expect(second).toMatchObject({ err: ErrorCode.NODEEXISTS, zxid: first.zxid + 1 });
    expect(second.response).toBeUndefined();
    client.close();
  });

  it('answers a failed multi with err 0 in the header and per-op errors, as 3.8 does', async () => {
    const { client } = await RawClient.connect(port);
    client.request(1, {
      type: OpCode.multi,
      ops: [
        { type: OpCode.create, path: '/multi-a', data: bytes(''), acl, flags: 0 },
        { type: OpCode.delete, path: '/multi-missing', version: -1 },
        { type: OpCode.setData, path: '/multi-a', data: bytes(''), version: -1 },
      ],
    });
    const reply = await client.reply(OpCode.multi);
    expect(reply.err).toBe(0);
    expect(reply.response).toEqual({
      type: OpCode.multi,
      results: [
        { type: OpCode.error, err: 0 },
        { type: OpCode.error, err: ErrorCode.NONODE },
        { type: OpCode.error, err: ErrorCode.RUNTIMEINCONSISTENCY },
      ],
    });
    client.request(2, { type: OpCode.exists, path: '/multi-a', watch: false });
    expect((await client.reply(OpCode.exists)).err).toBe(ErrorCode.NONODE);
    client.close();
  });

  it('sends a watch event (zxid −1) before the reply of the write that fired it', async () => {
    const { client } = await RawClient.connect(port);
    client.request(1, { type: OpCode.exists, path: '/watched', watch: true });
    expect(await client.nextSummary()).toBe(`reply xid=1 err=${ErrorCode.NONODE}`);
    client.request(2, { type: OpCode.create, path: '/watched', data: bytes(''), acl, flags: 0 });
    expect(await client.nextSummary()).toBe(`event ${EventType.NodeCreated} /watched zxid=-1`);
    expect(await client.nextSummary()).toBe('reply xid=2 err=0');
    client.close();
  });

  it('answers pings with xid −2 and the last zxid', async () => {
    const { client } = await RawClient.connect(port);
    client.request(-2, { type: OpCode.ping });
    const pong = await client.reply(OpCode.ping);
    expect(pong).toMatchObject({ xid: -2, err: 0, zxid: server.host.tree.lastProcessedZxid });
    client.close();
  });

  it('answers reconfig with RECONFIGDISABLED and uses up a zxid, as 3.8 does', async () => {
    const { client } = await RawClient.connect(port);
    const before = server.host.tree.lastProcessedZxid;
    client.request(1, {
      type: OpCode.reconfig,
      joiningServers: null,
      leavingServers: null,
      newMembers: null,
      curConfigId: -1,
    });
    expect(await client.reply(OpCode.reconfig)).toMatchObject({
      err: ErrorCode.RECONFIGDISABLED,
      zxid: before + 1,
    });
    client.close();
  });

  it('answers sasl at once with zxid 0 and no token (SASL is off)', async () => {
    const { client } = await RawClient.connect(port);
    client.request(1, { type: OpCode.sasl, token: bytes('x') });
    const reply = await client.reply(OpCode.sasl);
    expect(reply).toMatchObject({ xid: 1, zxid: 0, err: 0 });
    client.close();
  });

  it('answers whoAmI with the ip id, then also the digest user, in Java hash-set order', async () => {
    const { client } = await RawClient.connect(port);
    client.request(1, { type: OpCode.whoAmI });
    expect((await client.reply(OpCode.whoAmI)).response).toEqual({
      type: OpCode.whoAmI,
      clientInfo: [{ authScheme: 'ip', user: '127.0.0.1' }],
    });
    client.request(-4, { type: OpCode.auth, authType: 0, scheme: 'digest', auth: bytes('alice:secret') });
    expect(await client.reply(OpCode.auth)).toMatchObject({ xid: -4, err: 0 });
    client.request(2, { type: OpCode.whoAmI });
    // the real 3.8 server lists this digest id before the ip one (its hash bucket comes first)
    expect((await client.reply(OpCode.whoAmI)).response).toEqual({
      type: OpCode.whoAmI,
      clientInfo: [
        { authScheme: 'digest', user: 'alice' },
        { authScheme: 'ip', user: '127.0.0.1' },
      ],
    });
    client.close();
  });

  it('fails auth with an unknown scheme: AUTHFAILED, then the connection is closed', async () => {
    const { client } = await RawClient.connect(port);
    client.request(-4, { type: OpCode.auth, authType: 0, scheme: 'kerberos-ish', auth: bytes('x') });
    expect(await client.reply(OpCode.auth)).toMatchObject({ xid: -4, err: ErrorCode.AUTHFAILED });
    await client.closed;
  });

  it('re-arms or fires watches on setWatches against the current tree', async () => {
    const { client } = await RawClient.connect(port);
    client.request(1, { type: OpCode.create, path: '/sw', data: bytes(''), acl, flags: 0 });
    const created = await client.reply(OpCode.create);
    client.request(-8, {
      type: OpCode.setWatches,
      relativeZxid: created.zxid - 1,
      dataWatches: ['/sw', '/sw-missing'],
      existWatches: [],
      childWatches: [],
      persistentWatches: [],
      persistentRecursiveWatches: [],
    });
    expect(await client.nextSummary()).toBe(`event ${EventType.NodeDataChanged} /sw zxid=-1`);
    expect(await client.nextSummary()).toBe(`event ${EventType.NodeDeleted} /sw-missing zxid=-1`);
    expect(await client.nextSummary()).toBe('reply xid=-8 err=0');
    client.close();
  });
});

describe('3.8.0 quirks', () => {
  it('reads the empty path as the root node', async () => {
    const { client } = await RawClient.connect(port);
    client.request(1, { type: OpCode.getChildren, path: '', watch: false });
    const reply = await client.reply(OpCode.getChildren);
    expect(reply.err).toBe(0);
    expect((reply.response as { children: string[] }).children).toContain('zookeeper');
    client.request(2, { type: OpCode.exists, path: '', watch: true });
    expect((await client.reply(OpCode.exists)).err).toBe(0);
    client.close();
  });

  it('answers a null path with MARSHALLINGERROR and keeps the connection', async () => {
    const { client } = await RawClient.connect(port);
    client.send(frameOf([0, 0, 0, 5, 0, 0, 0, OpCode.exists, 0xff, 0xff, 0xff, 0xff, 0]));
    expect(await client.reply(OpCode.exists)).toMatchObject({ xid: 5, err: ErrorCode.MARSHALLINGERROR });
    client.request(6, { type: OpCode.exists, path: '/', watch: false });
    expect((await client.reply(OpCode.exists)).err).toBe(0);
    client.close();
  });

  it('answers a read op inside a write multi with MARSHALLINGERROR, no results, and a used-up zxid', async () => {
    const { client } = await RawClient.connect(port);
    const before = server.host.tree.lastProcessedZxid;
    client.request(1, {
      type: OpCode.multi,
      ops: [
        { type: OpCode.create, path: '/mixed', data: bytes(''), acl, flags: 0 },
        { type: OpCode.getData, path: '/' },
      ],
    });
    const reply = await client.reply(OpCode.multi);
    expect(reply).toMatchObject({ err: ErrorCode.MARSHALLINGERROR, zxid: before + 1 });
    expect(reply.response).toBeUndefined();
    expect(server.host.tree.stat('/mixed')).toBeUndefined();
    client.close();
  });

  it('answers a multiRead holding a write op with MARSHALLINGERROR and runs none of it', async () => {
    const { client } = await RawClient.connect(port);
    client.request(1, {
      type: OpCode.multiRead,
      ops: [
        { type: OpCode.getData, path: '/' },
        { type: OpCode.create, path: '/via-multiRead', data: bytes(''), acl, flags: 0 },
      ],
    });
    const reply = await client.reply(OpCode.multiRead);
    expect(reply).toMatchObject({ err: ErrorCode.MARSHALLINGERROR });
    expect(reply.response).toBeUndefined();
    expect(server.host.tree.stat('/via-multiRead')).toBeUndefined();
    client.close();
  });

  it('rebuilds multi creates from their flags: create2 answers CreateResult, a container create2 with its Stat', async () => {
    const { client } = await RawClient.connect(port);
    client.request(1, {
      type: OpCode.multi,
      ops: [
        { type: OpCode.create2, path: '/m2', data: bytes(''), acl, flags: 0 },
        { type: OpCode.create, path: '/m2/box', data: bytes(''), acl, flags: 4 },
      ],
    });
    const reply = await client.reply(OpCode.multi);
    const results = (
      reply.response as { results: Array<{ type: number; stat?: { ephemeralOwner: bigint } }> }
    ).results;
    expect(results.map((r) => r.type)).toEqual([OpCode.create, OpCode.create2]);
    expect(results[1]?.stat?.ephemeralOwner).toBe(0n);
    client.close();
  });

  it('closes on a createSession opcode and runs a deleteContainer one (BADARGUMENTS for /)', async () => {
    const closed = await RawClient.connect(port);
    closed.client.send(frameOf([0, 0, 0, 1, 0xff, 0xff, 0xff, 0xf6, 0, 0, 0, 1, 0x2f]));
    expect(await closed.client.next()).toBeNull();
    const { client } = await RawClient.connect(port);
    client.send(frameOf([0, 0, 0, 2, 0, 0, 0, OpCode.deleteContainer, 0, 0, 0, 1, 0x2f]));
    expect(await client.reply(OpCode.delete)).toMatchObject({ xid: 2, err: ErrorCode.BADARGUMENTS });
    client.request(3, { type: OpCode.exists, path: '/', watch: false });
    expect((await client.reply(OpCode.exists)).err).toBe(0);
    client.close();
  });
});

describe('bad input', () => {
  it('answers an unknown opcode with UNIMPLEMENTED (zxid −1) and closes, as 3.8 does', async () => {
    const { client } = await RawClient.connect(port);
    client.send(frameOf([0, 0, 0, 7, 0, 0, 3, 231]));
    const reply = await client.reply(OpCode.ping);
    expect(reply).toMatchObject({ xid: 7, zxid: -1, err: ErrorCode.UNIMPLEMENTED });
    await client.closed;
  });

  it('answers a truncated request body with MARSHALLINGERROR and keeps the connection', async () => {
    const { client } = await RawClient.connect(port);
    client.send(frameOf([0, 0, 0, 9, 0, 0, 0, OpCode.getData, 0, 0, 0, 50, 1]));
    expect(await client.reply(OpCode.getData)).toMatchObject({ xid: 9, err: ErrorCode.MARSHALLINGERROR });
    client.request(10, { type: OpCode.exists, path: '/', watch: false });
    expect(await client.reply(OpCode.exists)).toMatchObject({ xid: 10, err: 0 });
    client.close();
  });

  it('closes without an answer on a truncated auth or sasl packet, as 3.8 does', async () => {
    for (const type of [OpCode.auth, OpCode.sasl]) {
      const { client } = await RawClient.connect(port);
      // header, then a record cut short: an auth's authType int, or a sasl token claiming 50 bytes
      client.send(frameOf([255, 255, 255, 252, 0, 0, 0, type, 0, 0, 0, 50, 1]));
      await client.closed;
      expect(await client.next()).toBeNull();
    }
  });

  it('closes a connection whose frame is larger than jute.maxbuffer, and keeps serving others', async () => {
    const { client } = await RawClient.connect(port);
    const header = new Uint8Array(4);
    new DataView(header.buffer).setInt32(0, 0x100000);
    client.send(header);
    await client.closed;
    const other = await RawClient.connect(port);
    expect(other.response?.timeOut).toBeGreaterThan(0);
    other.client.close();
  });

  it('survives garbage instead of a ConnectRequest', async () => {
    const client = await RawClient.open(port);
    client.send(frameOf([1, 2, 3]));
    await client.closed;
    const negative = await RawClient.open(port);
    negative.send(new Uint8Array([0xff, 0xff, 0xff, 0xfe, 1, 2]));
    await negative.closed;
    const other = await RawClient.connect(port);
    expect(other.response?.timeOut).toBeGreaterThan(0);
    other.client.close();
  });

  it('survives a malformed multi and a create with a bad path', async () => {
    const { client } = await RawClient.connect(port);
    client.send(frameOf([0, 0, 0, 1, 0, 0, 0, OpCode.multi, 0, 0, 0, 99, 0, 0xff]));
    expect((await client.reply(OpCode.multi)).err).toBe(ErrorCode.MARSHALLINGERROR);
    client.request(2, { type: OpCode.create, path: 'no-slash', data: bytes(''), acl, flags: 0 });
    expect((await client.reply(OpCode.create)).err).toBe(ErrorCode.BADARGUMENTS);
    client.close();
  });
});
