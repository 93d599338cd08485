import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, SessionExpiredError, type ZooKeeperClient } from '@zkts/client';
import { describe, expect, it } from 'vitest';
import { createTestServer, ManualClock, type TestServer } from '../src/index';

function text(result: { data: Uint8Array }): string {
  return new TextDecoder().decode(result.data);
}

/** The next state the client reports of `type`. */
function nextState(client: ZooKeeperClient, type: 'expired' | 'connected' | 'disconnected'): Promise<void> {
  return new Promise((resolve) => client.once(type, () => resolve()));
}

describe('createTestServer', () => {
  it('starts in memory, serves in-process and TCP clients, and `await using` stops it', async () => {
    let outside: TestServer | undefined;
    let clients: ZooKeeperClient[] = [];
    {
      await using zk = await createTestServer();
      outside = zk;
      const inProcess = await zk.client();
      const tcp = await zk.client({ transport: 'tcp' });
      clients = [inProcess, tcp];
      await inProcess.create('/a', 'from in-process');
      expect(text(await tcp.getData('/a'))).toBe('from in-process');
      expect(zk.connectString).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(zk.connectString).not.toBe('127.0.0.1:0');
      expect(zk.server.config.dataDir).toBeUndefined();
    }
    // the scope ended: clients closed, then the server
    expect(clients.map((client) => client.state.type)).toEqual(['closed', 'closed']);
    await expect(outside.client()).rejects.toThrow(/stopped/);
  });

  it('is ready quickly (in-process, memory)', async () => {
    const started = performance.now();
    await using zk = await createTestServer();
    const client = await zk.client();
    const elapsed = performance.now() - started;
    expect(client.state.type).toBe('connected');
    // the target is < 50 ms; the bound is generous because the machine is shared
    expect(elapsed).toBeLessThan(1000);
  });

  it('runs many servers side by side without port clashes', async () => {
    const servers = await Promise.all(Array.from({ length: 4 }, () => createTestServer()));
    try {
      const ports = new Set(servers.map((zk) => zk.connectString));
      expect(ports.size).toBe(4);
      await Promise.all(
        servers.map(async (zk, i) => {
          const client = await zk.client({ transport: 'tcp' });
          await client.create('/who', String(i));
        }),
      );
      for (const [i, zk] of servers.entries()) {
        const client = await zk.client();
        expect(text(await client.getData('/who'))).toBe(String(i));
      }
    } finally {
      await Promise.all(servers.map((zk) => zk.stop()));
    }
  });

  it('gives clients a chroot', async () => {
    await using zk = await createTestServer();
    const root = await zk.client();
    await root.create('/app', '');
    const app = await zk.client({ chroot: '/app' });
    await app.create('/x', 'y');
    expect(text(await root.getData('/app/x'))).toBe('y');
  });
});

describe('restart', () => {
  it('keeps data and the sessions of in-process and TCP clients (memory storage)', async () => {
    await using zk = await createTestServer();
    const inProcess = await zk.client();
    const tcp = await zk.client({ transport: 'tcp' });
    await inProcess.create('/data', 'kept');
    await inProcess.create('/mine', '', { mode: 'ephemeral' });
    await tcp.create('/theirs', '', { mode: 'ephemeral' });
    const sessions = [inProcess.sessionId, tcp.sessionId];
    const first = zk.server;
    const tcpDropped = nextState(tcp, 'disconnected');

    await zk.restart();

    expect(zk.server).not.toBe(first);
    // in-process clients are connected again when restart() resolves; TCP ones reconnect on their own
    expect(inProcess.state.type).toBe('connected');
    await tcpDropped;
    await tcp.connected();
    for (const client of [inProcess, tcp]) {
      expect(text(await client.getData('/data'))).toBe('kept');
    }
    expect([inProcess.sessionId, tcp.sessionId]).toEqual(sessions);
    expect((await inProcess.exists('/mine')).stat).not.toBeNull();
    expect((await inProcess.exists('/theirs')).stat).not.toBeNull();
    // the session still works for writes and still owns its ephemerals
    await inProcess.create('/after', '');
    expect((await tcp.exists('/mine')).stat?.ephemeralOwner).toBe(inProcess.sessionId);
  });

  it('recovers from a dataDir, and the old in-process client follows the new instance', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'zkts-testing-'));
    try {
      await using zk = await createTestServer({ dataDir });
      const client = await zk.client();
      await client.create('/durable', 'on disk');
      await zk.restart();
      expect(client.state.type).toBe('connected');
      expect(text(await client.getData('/durable'))).toBe('on disk');
      expect(zk.server.config.dataDir).toBe(dataDir);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('expireSession', () => {
  it('expires a client: ephemerals deleted, watchers told, the client sees Expired', async () => {
    await using zk = await createTestServer();
    const owner = await zk.client();
    const observer = await zk.client({ transport: 'tcp' });
    await owner.create('/lease', '', { mode: 'ephemeral' });
    const { watch } = await observer.exists('/lease', { watch: true });

    const started = performance.now();
    await zk.expireSession(owner);
    // no session timeout (30 s here) was waited for
    expect(performance.now() - started).toBeLessThan(5000);

    expect(owner.state.type).toBe('expired');
    expect(await watch).toEqual({ type: 'deleted', path: '/lease' });
    await expect(owner.getData('/')).rejects.toBeInstanceOf(SessionExpiredError);
    expect((await observer.exists('/lease')).stat).toBeNull();
  });

  it('takes a session id, e.g. of a TCP client of another library', async () => {
    await using zk = await createTestServer();
    const owner = await zk.client({ transport: 'tcp' });
    await owner.create('/lease', '', { mode: 'ephemeral' });
    const expired = nextState(owner, 'expired');
    await zk.expireSession(owner.sessionId);
    expect(zk.server.host.sessions.has(owner.sessionId)).toBe(false);
    expect(zk.server.host.tree.stat('/lease')).toBeUndefined();
    await expired;
  });

  it('refuses a session the server does not know', async () => {
    await using zk = await createTestServer();
    await expect(zk.expireSession(0x42n)).rejects.toThrow(/no live session 0x42/);
  });
});

describe('partition', () => {
  it('hides the server from the client until healed, then the client learns what happened', async () => {
    await using zk = await createTestServer();
    const cutOff = await zk.client();
    const observer = await zk.client();
    await cutOff.create('/lease', '', { mode: 'ephemeral' });
    const partition = zk.partition(cutOff);

    // requests go nowhere while it lasts, and the expiry's closing of the connection stays unseen
    const unanswered = cutOff.exists('/lease');
    await zk.expireSession(cutOff.sessionId);
    expect((await observer.exists('/lease')).stat).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cutOff.state.type).toBe('connected');

    const expired = nextState(cutOff, 'expired');
    partition.heal();
    await expect(unanswered).rejects.toThrow(/connection/i);
    await expired;
  });

  it('does not hold up stop(), even on a manual clock', async () => {
    const zk = await createTestServer({ clock: 'manual' });
    const client = await zk.client();
    zk.partition(client);
    await zk.stop();
    expect(client.state.type).toBe('closed');
  });

  it('refuses clients it did not make', async () => {
    await using zk = await createTestServer();
    const tcp = await zk.client({ transport: 'tcp' });
    expect(() => zk.partition(tcp)).toThrow(/only in-process clients/);
  });
});

describe("clock: 'manual'", () => {
  it('stands still until advanced, and stamps txns with its time', async () => {
    await using zk = await createTestServer({ clock: 'manual', startTime: 1_000_000 });
    const client = await zk.client();
    await client.create('/t', '');
    expect((await client.exists('/t')).stat?.ctime).toBe(1_000_000);
    await zk.advance(1234);
    await client.setData('/t', 'x');
    expect((await client.exists('/t')).stat?.mtime).toBe(1_001_234);
    expect(zk.clock?.now()).toBe(1_001_234);
  });

  it('keeps a connected session alive: the client pings on the same clock', async () => {
    await using zk = await createTestServer({ clock: 'manual' });
    const client = await zk.client({ sessionTimeout: 6000 });
    await client.create('/lease', '', { mode: 'ephemeral' });
    await zk.advance(60_000);
    expect(client.state.type).toBe('connected');
    expect((await client.exists('/lease')).stat).not.toBeNull();
  });

  it('expires a partitioned client after exactly its timeout, with no real waiting', async () => {
    await using zk = await createTestServer({ clock: 'manual', tickTime: 2000 });
    const owner = await zk.client({ sessionTimeout: 6000 });
    const observer = await zk.client({ sessionTimeout: 40_000 });
    await owner.create('/lease', '', { mode: 'ephemeral' });
    const { watch } = await observer.exists('/lease', { watch: true });
    expect(owner.sessionTimeout).toBe(6000);

    const partition = zk.partition(owner);
    const started = performance.now();
    // the server's expiry is bucketed on ticks: due at the tick boundary after 6000 ms
    await zk.advance(5000);
    expect((await observer.exists('/lease')).stat).not.toBeNull();
    // the client noticed the silence (no reply for 2/3 of its timeout) but still hopes
    expect(owner.state.type).not.toBe('expired');
    await zk.advance(3000);
    expect(await watch).toEqual({ type: 'deleted', path: '/lease' });
    expect(zk.server.host.sessions.has(owner.sessionId)).toBe(false);
    // a timeout without reaching a server: the client presumes the expiry itself, as ZooKeeper's does
    expect(owner.state.type).toBe('expired');
    partition.heal();
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('expires on request and restarts without the clock moving', async () => {
    await using zk = await createTestServer({ clock: 'manual' });
    const client = await zk.client();
    const other = await zk.client();
    await client.create('/lease', '', { mode: 'ephemeral' });
    await other.create('/kept', '', { mode: 'ephemeral' });
    const before = zk.clock?.now();

    await zk.restart();
    expect(client.state.type).toBe('connected');
    expect((await client.exists('/lease')).stat).not.toBeNull();

    await zk.expireSession(client);
    expect(client.state.type).toBe('expired');
    expect((await other.exists('/lease')).stat).toBeNull();
    expect((await other.exists('/kept')).stat).not.toBeNull();
    expect(zk.clock?.now()).toBe(before);
  });

  it('can be shared: one ManualClock drives two servers and a client made outside', async () => {
    const clock = new ManualClock({ startTime: 0 });
    await using a = await createTestServer({ clock, tickTime: 1000 });
    await using b = await createTestServer({ clock, tickTime: 1000 });
    const own = createClient(a.connectString, { environment: clock, sessionTimeout: 4000 });
    await own.connected();
    const onB = await b.client({ sessionTimeout: 4000 });
    await onB.create('/lease', '', { mode: 'ephemeral' });
    const cut = b.partition(onB);

    await a.advance(6000); // advancing through either moves both
    expect(own.state.type).toBe('connected'); // it pinged a on the shared clock
    expect(b.server.host.sessions.has(onB.sessionId)).toBe(false);
    expect(b.clock).toBe(clock);
    cut.heal();
    await own.close();
  });

  it('lets tick() move one tickTime', async () => {
    await using zk = await createTestServer({ clock: 'manual', tickTime: 500 });
    const before = zk.clock!.now();
    await zk.tick();
    expect(zk.clock!.now() - before).toBe(500);
  });

  it('refuses advance() on a real clock', async () => {
    await using zk = await createTestServer();
    expect(() => zk.advance(1)).toThrow(/clock: 'manual'/);
  });
});
