/**
 * The session engine against a scripted server on a manual clock: handshakes, pings, timeouts,
 * reconnect order, re-registration and expiry, step by step and deterministic.
 */
import { EventType, KeeperState, OpCode, Xid } from '@zkts/core';
import { describe, expect, it } from 'vitest';
import {
  AuthFailedError,
  ConnectionLossError,
  type ConnectionState,
  createClient,
  SessionExpiredError,
} from '../src/index';
import { ManualEnvironment, settle } from './support/manual-environment';
import { ScriptedTransport, SAMPLE_STAT as STAT } from './support/scripted-server';

function setup(connectString = 'a:1,b:2,c:3', randoms: number[] = [], options = {}, refuse: string[] = []) {
  const env = new ManualEnvironment(randoms);
  const transport = new ScriptedTransport();
  for (const address of refuse) transport.refuse.add(address);
  const client = createClient(connectString, {
    transport,
    environment: env,
    sessionTimeout: 6000,
    reconnectDelay: 100,
    ...options,
  });
  const states: ConnectionState['type'][] = [];
  client.on('state', (state) => states.push(state.type));
  return { env, transport, client, states };
}

describe('session engine (scripted server, manual clock)', () => {
  it('sends a 0-session ConnectRequest with the requested timeout, then adopts the negotiated session', async () => {
    const { transport, client, states } = setup('a:1', [], { readOnly: true });
    const server = await transport.connection(0);
    expect(server.connectRequest).toMatchObject({
      protocolVersion: 0,
      lastZxidSeen: 0,
      timeOut: 6000,
      sessionId: 0n,
      readOnly: true,
      withReadOnly: true,
    });
    expect([...server.connectRequest!.passwd]).toEqual(new Array(16).fill(0));
    server.accept({ timeOut: 4000, sessionId: 0xabcn, readOnly: true });
    await client.connected();
    expect(states).toEqual(['connected-read-only']);
    expect(client.sessionId).toBe(0xabcn);
    expect(client.sessionTimeout).toBe(4000);
    expect([...client.sessionPassword]).toEqual(new Array(16).fill(9));
  });

  it('shuffles the server list with the injected random and walks it round-robin', async () => {
    // Fisher-Yates with random() = 0 moves each last element to the front: [a,b,c] -> [b,c,a]
    const { transport, env } = setup('a:1,b:2,c:3', [0, 0, 0.5], {}, ['a:1', 'b:2', 'c:3']);
    await env.advance(0);
    expect(transport.attempts.slice(0, 3)).toEqual(['b:2', 'c:3', 'a:1']);
    // after a whole failed round: a random pause (0.5 × reconnectDelay) before the next round
    await env.advance(49);
    expect(transport.attempts).toHaveLength(3);
    await env.advance(1);
    expect(transport.attempts.slice(3, 6)).toEqual(['b:2', 'c:3', 'a:1']);
  });

  it('pings after 1/3 of the timeout without sending, and not while requests flow', async () => {
    const { transport, client, env } = setup('a:1');
    const server = await transport.connection(0);
    server.accept({ timeOut: 6000 });
    await client.connected();
    await env.advance(1999);
    expect(server.requests).toEqual([]);
    await env.advance(1);
    expect(server.requests).toEqual([{ xid: Xid.ping, request: { type: OpCode.ping } }]);
    server.reply(Xid.ping, 0, 0);
    await env.advance(1000);
    void client.exists('/x');
    await settle();
    expect(server.requests).toHaveLength(2);
    await env.advance(1999); // 2000 ms after the exists went out: the next ping
    expect(server.requests.map((r) => r.request.type)).toEqual([OpCode.ping, OpCode.exists]);
    await env.advance(1);
    expect(server.requests.map((r) => r.request.type)).toEqual([OpCode.ping, OpCode.exists, OpCode.ping]);
  });

  it('declares the connection dead after 2/3 of the timeout without a byte: in-flight requests fail with ConnectionLoss', async () => {
    const { transport, client, env, states } = setup('a:1');
    const server = await transport.connection(0);
    server.accept({ timeOut: 6000 });
    await client.connected();
    const inFlight = client.getData('/x').catch((e: unknown) => e);
    await env.advance(3999);
    expect(states).toEqual(['connected']);
    await env.advance(1);
    expect(states).toEqual(['connected', 'disconnected']);
    expect(server.closed).toBe(true);
    const error = await inFlight;
    expect(ConnectionLossError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ path: '/x' });
  });

  it('reconnects with session id, password and lastZxidSeen; sends auth, then setWatches, then queued requests', async () => {
    const { transport, client, env } = setup('a:1,b:2', [0.99], {
      authInfo: [{ scheme: 'digest', auth: 'u:p' }],
    });
    const first = await transport.connection(0);
    first.accept({ sessionId: 0x77n });
    await client.connected();
    const auth = await first.received(1);
    expect(auth[0]).toMatchObject({ xid: Xid.auth, request: { type: OpCode.auth, scheme: 'digest' } });
    first.reply(Xid.auth, 0, 0);

    const watched = client.getData('/w', { watch: true });
    await first.received(2);
    first.reply(first.requests[1]!.xid, 41, 0, { type: OpCode.getData, data: new Uint8Array(), stat: STAT });
    const { watch } = await watched;

    first.close();
    await settle();
    const queued = client.exists('/q');
    await env.advance(0);
    const second = await transport.connection(1);
    expect(second.host).toBe('b');
    expect(second.connectRequest).toMatchObject({ sessionId: 0x77n, lastZxidSeen: 41 });
    expect([...second.connectRequest!.passwd]).toEqual(new Array(16).fill(9));
    second.accept({ sessionId: 0x77n });
    const sent = await second.received(3);
    expect(sent.map((r) => [r.xid, r.request.type])).toEqual([
      [Xid.auth, OpCode.auth],
      [Xid.setWatches, OpCode.setWatches],
      [sent[2]!.xid, OpCode.exists],
    ]);
    expect(sent[1]!.request).toMatchObject({ relativeZxid: 41, dataWatches: ['/w'], existWatches: [] });
    second.reply(sent[2]!.xid, 42, 0, { type: OpCode.exists, stat: STAT });
    expect(await queued).toEqual({ stat: STAT });
    second.notify({ type: EventType.NodeDataChanged, state: KeeperState.SyncConnected, path: '/w' });
    expect(await watch).toEqual({ type: 'data-changed', path: '/w' });
  });

  it('uses setWatches2 when persistent watches exist', async () => {
    const { transport, client, env } = setup('a:1');
    const first = await transport.connection(0);
    first.accept();
    await client.connected();
    const added = client.addWatch('/p', () => {}, { recursive: true });
    const [addWatch] = await first.received(1);
    expect(addWatch!.request).toEqual({ type: OpCode.addWatch, path: '/p', mode: 1 });
    first.reply(addWatch!.xid, 5, 0);
    await added;
    first.close();
    await env.advance(0);
    const second = await transport.connection(1);
    second.accept();
    const [setWatches] = await second.received(1);
    expect(setWatches).toMatchObject({
      xid: Xid.setWatches,
      request: {
        type: OpCode.setWatches2,
        relativeZxid: 5,
        persistentRecursiveWatches: ['/p'],
        persistentWatches: [],
      },
    });
  });

  it('a ConnectResponse with timeOut 0 means the session expired: queued calls and watches fail', async () => {
    const { transport, client, env, states } = setup('a:1');
    const first = await transport.connection(0);
    first.accept();
    await client.connected();
    const watched = client.exists('/w', { watch: true });
    await first.received(1);
    first.reply(first.requests[0]!.xid, 3, -101);
    const { watch } = await watched;
    first.close();
    await env.advance(0);
    const queued = client.getData('/x').catch((e: unknown) => e);
    const second = await transport.connection(1);
    second.accept({ timeOut: 0, sessionId: 0n, passwd: new Uint8Array(16) });
    await settle();
    expect(states).toEqual(['connected', 'disconnected', 'expired']);
    expect(SessionExpiredError.isInstance(await queued)).toBe(true);
    await expect(watch).rejects.toSatisfy(SessionExpiredError.isInstance);
    await expect(client.connected()).rejects.toSatisfy(SessionExpiredError.isInstance);
  });

  it('declares the session expired itself one timeout after the last byte when no server answers', async () => {
    const { transport, client, env, states } = setup('a:1');
    const first = await transport.connection(0);
    first.accept({ timeOut: 6000 });
    await client.connected();
    await env.advance(1000);
    transport.refuse.add('a:1');
    first.close(); // last byte at t=0 (the handshake)
    await env.advance(4999);
    expect(states).toEqual(['connected', 'disconnected']);
    await env.advance(1);
    expect(states).toEqual(['connected', 'disconnected', 'expired']);
  });

  it('a reply whose xid is not the oldest in flight drops the connection', async () => {
    const { transport, client } = setup('a:1');
    const server = await transport.connection(0);
    server.accept();
    await client.connected();
    const request = client.exists('/x').catch((e: unknown) => e);
    await server.received(1);
    server.reply(999, 1, 0, { type: OpCode.exists, stat: STAT });
    expect(await request).toSatisfy(ConnectionLossError.isInstance);
    expect(server.closed).toBe(true);
  });

  it('AUTHFAILED on the auth xid ends the session as auth-failed', async () => {
    const { transport, client, states } = setup('a:1');
    const server = await transport.connection(0);
    server.accept();
    await client.connected();
    const auth = client.addAuthInfo('digest', 'x:y');
    await server.received(1);
    server.reply(Xid.auth, 0, -115);
    await expect(auth).rejects.toSatisfy(AuthFailedError.isInstance);
    expect(states).toEqual(['connected', 'auth-failed']);
  });

  it('a reply that arrives before a watch event settles before the event does', async () => {
    const { transport, client } = setup('a:1');
    const server = await transport.connection(0);
    server.accept();
    await client.connected();
    const watched = client.exists('/w', { watch: true });
    await server.received(1);
    server.reply(server.requests[0]!.xid, 2, -101);
    const { watch } = await watched;
    const order: string[] = [];
    void watch.then(() => order.push('event'));
    const read = client.getData('/other').then(() => order.push('reply'));
    await server.received(2);
    server.reply(server.requests[1]!.xid, 3, 0, { type: OpCode.getData, data: new Uint8Array(), stat: STAT });
    server.notify({ type: EventType.NodeCreated, state: KeeperState.SyncConnected, path: '/w' });
    await read;
    await watch;
    expect(order).toEqual(['reply', 'event']);
  });

  it('connected() rejects when its AbortSignal fires first', async () => {
    const { client } = setup('a:1');
    const controller = new AbortController();
    const waiting = client.connected({ signal: controller.signal });
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    expect(client.state.type).toBe('connecting');
  });

  it('with a retry policy, reads of a lost connection are re-sent first on the next one, in order; writes fail', async () => {
    const { transport, client, env } = setup('a:1', [], { retry: { retries: 1 } });
    const first = await transport.connection(0);
    first.accept({ sessionId: 0x5n });
    await client.connected();
    const read1 = client.getData('/r1');
    const write = client.setData('/w', 'x').catch((e: unknown) => e);
    const read2 = client.exists('/r2');
    await first.received(3);
    first.close();
    expect(ConnectionLossError.isInstance(await write)).toBe(true);
    const later = client.getData('/later');
    await env.advance(0);
    const second = await transport.connection(1);
    second.accept({ sessionId: 0x5n });
    const sent = await second.received(3);
    expect(sent.map((r) => (r.request as { path?: string }).path)).toEqual(['/r1', '/r2', '/later']);
    second.reply(sent[0]!.xid, 7, 0, { type: OpCode.getData, data: new Uint8Array([1]), stat: STAT });
    second.reply(sent[1]!.xid, 7, -101);
    second.reply(sent[2]!.xid, 7, 0, { type: OpCode.getData, data: new Uint8Array([2]), stat: STAT });
    expect([...(await read1).data]).toEqual([1]);
    expect(await read2).toEqual({ stat: null });
    expect([...(await later).data]).toEqual([2]);
  });

  it('status() yields each state and ends after expired', async () => {
    const { transport, client, env } = setup('a:1');
    const seen: string[] = [];
    const done = (async () => {
      for await (const state of client.status()) seen.push(state.type);
    })();
    const first = await transport.connection(0);
    first.accept();
    await client.connected();
    first.close();
    await env.advance(0);
    const second = await transport.connection(1);
    second.accept({ timeOut: 0, sessionId: 0n, passwd: new Uint8Array(16) });
    await done;
    expect(seen).toEqual(['connecting', 'connected', 'disconnected', 'expired']);
  });

  it('addAuthInfo while disconnected settles with the auth reply of the next connection', async () => {
    const { transport, client, env } = setup('a:1', [], {
      authInfo: [{ scheme: 'digest', auth: 'first:pw' }],
    });
    const first = await transport.connection(0);
    first.accept();
    await client.connected();
    await first.received(1);
    first.reply(Xid.auth, 0, 0);
    first.close();
    await settle();
    let settled = false;
    const added = client.addAuthInfo('digest', 'second:pw').then(() => {
      settled = true;
    });
    await env.advance(0);
    const second = await transport.connection(1);
    second.accept();
    const sent = await second.received(2);
    expect(sent.map((r) => (r.request as { scheme?: string; auth?: Uint8Array }).auth?.length)).toEqual([
      8, 9,
    ]);
    second.reply(Xid.auth, 0, 0); // the reply to first:pw
    await settle();
    expect(settled).toBe(false);
    second.reply(Xid.auth, 0, 0); // the reply to second:pw
    await added;
    expect(settled).toBe(true);
  });

  it('on a read-only server, looks for a read-write one (isro) and moves there with a new session', async () => {
    const { transport, client, env, states } = setup('a:1,b:2', [0.99], { readOnly: true });
    transport.fourLetterWords = (address, word) => (word === 'isro' ? (address === 'b:2' ? 'rw' : 'ro') : '');
    const readOnly = await transport.connection(0);
    expect(readOnly.host).toBe('a');
    readOnly.accept({ readOnly: true, sessionId: 0x50n });
    await client.connected();
    expect(client.state.type).toBe('connected-read-only');
    await env.advance(99);
    expect(transport.attempts).toEqual(['a:1']);
    await env.advance(1);
    const probe = transport.connections[1]!;
    expect(probe.fourLetterWord).toBe('isro');
    expect(readOnly.closed).toBe(true);
    const readWrite = await transport.connection(2);
    expect(readWrite.host).toBe('b');
    // the read-only session is unknown to the quorum: ask for a new one
    expect(readWrite.connectRequest).toMatchObject({ sessionId: 0n });
    readWrite.accept({ sessionId: 0x60n });
    await settle();
    expect(states).toEqual(['connected-read-only', 'disconnected', 'connected']);
    expect(client.sessionId).toBe(0x60n);
  });

  it('updateServerList moves the session only when its server left the list', async () => {
    const { transport, client, env, states } = setup('a:1', []);
    const first = await transport.connection(0);
    first.accept({ sessionId: 0x9n });
    await client.connected();
    client.updateServerList('a:1,b:2');
    await settle();
    expect(first.closed).toBe(false);
    client.updateServerList('b:2');
    expect(first.closed).toBe(true);
    await env.advance(0);
    const second = await transport.connection(1);
    expect(second.host).toBe('b');
    expect(second.connectRequest).toMatchObject({ sessionId: 0x9n });
    second.accept({ sessionId: 0x9n });
    await settle();
    expect(states).toEqual(['connected', 'disconnected', 'connected']);
    expect(() => client.updateServerList('b:2/other')).toThrow(/chroot/);
  });

  it('close() sends closeSession and waits for its reply', async () => {
    const { transport, client, states } = setup('a:1');
    const server = await transport.connection(0);
    server.accept();
    await client.connected();
    const closing = client.close();
    const [close] = await server.received(1);
    expect(close!.request).toEqual({ type: OpCode.closeSession });
    expect(states).toEqual(['connected']);
    server.reply(close!.xid, 9, 0);
    await closing;
    expect(states).toEqual(['connected', 'closed']);
    expect(server.closed).toBe(true);
  });

  it('a watch event reaches the watcher before the reply that follows it resolves', async () => {
    const { transport, client } = setup('a:1');
    const server = await transport.connection(0);
    server.accept();
    await client.connected();
    const watched = client.getData('/w', { watch: true });
    await server.received(1);
    server.reply(server.requests[0]!.xid, 2, 0, { type: OpCode.getData, data: new Uint8Array(), stat: STAT });
    const { watch } = await watched;
    const order: string[] = [];
    void watch.then(() => order.push('event'));
    const write = client.setData('/w', 'x').then(() => order.push('reply'));
    await server.received(2);
    server.notify({ type: EventType.NodeDataChanged, state: KeeperState.SyncConnected, path: '/w' });
    server.reply(server.requests[1]!.xid, 3, 0, { type: OpCode.setData, stat: STAT });
    await write;
    expect(order).toEqual(['event', 'reply']);
  });
});
