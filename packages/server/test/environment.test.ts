import { createClient } from '@zkts/client';
import { OpCode } from '@zkts/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerEnvironment, ZooKeeperServer } from '../src/index';
import { RawClient } from './raw-client';
import { startServer } from './support';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(options: Parameters<typeof startServer>[0] = {}): Promise<ZooKeeperServer> {
  const s = await startServer(options);
  cleanups.push(() => s.close());
  return s;
}

/** A server clock that moves only when told; its timers fire in time order. */
class StepClock implements ServerEnvironment {
  time = 1_700_000_000_000;
  private nextId = 1;
  readonly timers = new Map<number, { at: number; callback: () => void }>();
  now = (): number => this.time;
  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    if (typeof handle === 'number') this.timers.delete(handle);
  };
  random = (): number => 0.5;

  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = target;
  }
}

const EPHEMERAL = 1;
const OPEN_ACL = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];

describe('an injected environment', () => {
  it('drives session expiry: nothing expires until its clock passes the timeout', async () => {
    const clock = new StepClock();
    const s = await server({ tickTime: 1000, environment: clock });
    const { client: raw, response } = await RawClient.connect(s.address.port, { timeOut: 4000 });
    cleanups.push(() => raw.close());
    raw.request(1, {
      type: OpCode.create,
      path: '/lease',
      data: new Uint8Array(0),
      acl: OPEN_ACL,
      flags: EPHEMERAL,
    });
    const created = await raw.reply(OpCode.create);
    expect(created.err).toBe(0);
    // the txn carries the injected wall-clock time
    expect(s.host.tree.stat('/lease')?.ctime).toBe(clock.time);

    await new Promise((resolve) => setTimeout(resolve, 200)); // real time passes; the clock does not
    expect(s.host.sessions.has(response!.sessionId)).toBe(true);

    clock.advance(4000 + 1000); // the timeout, rounded up to the next tick
    await raw.closed;
    expect(s.host.sessions.has(response!.sessionId)).toBe(false);
    expect(s.host.tree.stat('/lease')).toBeUndefined();
  });

  it('drives the handshake timeout of a connection that never sends a ConnectRequest', async () => {
    const clock = new StepClock();
    const s = await server({ environment: clock, sessionlessConnectionTimeoutMs: 5000 });
    const raw = await RawClient.open(s.address.port);
    cleanups.push(() => raw.close());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.host.connections.size).toBe(1);
    clock.advance(5000);
    await raw.closed;
    await vi.waitFor(() => expect(s.host.connections.size).toBe(0), { timeout: 5000 });
  });

  it('drives the container reaper', async () => {
    const clock = new StepClock();
    // tickTime 5000 allows a 100 s session, which the 60 s the clock moves cannot expire
    const s = await server({ environment: clock, reaperIntervalMs: 60_000, tickTime: 5000 });
    const zk = createClient(s.connectString, { transport: s.inProcessTransport(), sessionTimeout: 100_000 });
    cleanups.push(() => zk.close());
    await zk.create('/box', '', { mode: 'container' });
    await zk.create('/box/item', '');
    await zk.delete('/box/item');
    clock.advance(59_999);
    await zk.sync('/');
    expect((await zk.exists('/box')).stat).not.toBeNull();
    clock.advance(1);
    await zk.sync('/');
    expect((await zk.exists('/box')).stat).toBeNull();
  });
});

describe('expireSession', () => {
  it('expires a live session at once: ephemerals gone, watchers told, the client sees Expired', async () => {
    const s = await server();
    const owner = createClient(s.connectString, { sessionTimeout: 30_000 });
    const watcher = createClient(s.connectString, { transport: s.inProcessTransport() });
    cleanups.push(
      () => owner.close(),
      () => watcher.close(),
    );
    await owner.create('/lease', 'x', { mode: 'ephemeral' });
    const { watch } = await watcher.exists('/lease', { watch: true });
    const states: string[] = [];
    const expired = new Promise<void>((resolve) =>
      owner.on('expired', () => {
        states.push('expired');
        resolve();
      }),
    );

    expect(s.expireSession(owner.sessionId)).toBe(true);
    expect(await watch).toEqual({ type: 'deleted', path: '/lease' });
    await expired;
    expect(states).toEqual(['expired']);
    expect(s.host.sessions.has(owner.sessionId)).toBe(false);
    // already gone: nothing more to expire
    expect(s.expireSession(owner.sessionId)).toBe(false);
  });

  it('refuses unknown sessions', async () => {
    const s = await server();
    expect(s.expireSession(0x1234n)).toBe(false);
  });
});
