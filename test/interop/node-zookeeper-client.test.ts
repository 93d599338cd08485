/**
 * node-zookeeper-client (npm) against each target. It speaks the 3.4-era protocol: a 44-byte
 * ConnectRequest without the readOnly byte, multi via transaction(), one unbatched SetWatches
 * on reconnect — so it also checks that the server accepts the old forms.
 */
import { createRequire } from 'node:module';
import type * as Nzc from 'node-zookeeper-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTarget, targets } from '../support/targets';
import { startTcpProxy } from '../support/tcp-proxy';

const nzc = createRequire(import.meta.url)('node-zookeeper-client') as typeof Nzc;
/** world:anyone, all permissions (the typings omit the library's ACL.OPEN_ACL_UNSAFE). */
const OPEN = [new nzc.ACL(nzc.Permission.ALL, new nzc.Id('world', 'anyone'))];
type Client = Nzc.Client;

/** Connects and resolves once the session is established. */
function connect(address: string, options: Partial<Nzc.Option> = {}): Promise<Client> {
  const client = nzc.createClient(address, { sessionTimeout: 10_000, spinDelay: 50, retries: 0, ...options });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no session with ${address}`)), 10_000);
    client.once('connected', () => {
      clearTimeout(timer);
      resolve(client);
    });
    client.connect();
  });
}

/** Calls a callback-style method and returns its results (rejects with the client's error). */
function call<T extends unknown[]>(
  run: (callback: (error: unknown, ...results: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    run((error, ...results) => (error ? reject(error) : resolve(results)));
  });
}

function errorCode(error: unknown): number | undefined {
  return (error as { getCode?: () => number }).getCode?.();
}

async function rejection(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (error) {
    return errorCode(error);
  }
  throw new Error('expected the request to fail');
}

for (const target of await targets()) {
  describe(`node-zookeeper-client against ${target.name}`, { timeout: 20_000 }, () => {
    let server: RunningTarget;
    let client: Client;
    let other: Client;

    beforeAll(async () => {
      server = await target.start();
      [client, other] = await Promise.all([connect(server.address), connect(server.address)]);
      await call((cb) => client.create('/nzc', cb));
    }, 60_000);
    afterAll(async () => {
      client?.close();
      other?.close();
      await server?.stop();
    });

    it('create, getData, setData with version, exists, getChildren, remove', async () => {
      const [path] = await call<[string]>((cb) => client.create('/nzc/a', Buffer.from('hello'), cb));
      expect(path).toBe('/nzc/a');
      const [data, stat] = await call<[Buffer, Nzc.Stat]>((cb) => client.getData('/nzc/a', cb));
      expect(data.toString()).toBe('hello');
      expect(stat.version).toBe(0);
      expect(stat.dataLength).toBe(5);
      const [updated] = await call<[Nzc.Stat]>((cb) => client.setData('/nzc/a', Buffer.from('world'), 0, cb));
      expect(updated.version).toBe(1);
      expect(await rejection(call((cb) => client.setData('/nzc/a', Buffer.from('x'), 0, cb)))).toBe(
        nzc.Exception.BAD_VERSION,
      );
      expect(await rejection(call((cb) => client.create('/nzc/a', cb)))).toBe(nzc.Exception.NODE_EXISTS);
      await call((cb) => client.create('/nzc/a/kid', cb));
      expect(await rejection(call((cb) => client.remove('/nzc/a', -1, cb)))).toBe(nzc.Exception.NOT_EMPTY);
      const [kids, parentStat] = await call<[string[], Nzc.Stat]>((cb) => client.getChildren('/nzc/a', cb));
      expect(kids).toEqual(['kid']);
      expect(parentStat.numChildren).toBe(1);
      await call((cb) => client.remove('/nzc/a/kid', 0, cb));
      await call((cb) => client.remove('/nzc/a', 1, cb));
      const [gone] = await call<[Nzc.Stat | null]>((cb) => client.exists('/nzc/a', cb));
      expect(gone).toBeNull();
      expect(await rejection(call((cb) => client.getData('/nzc/a', cb)))).toBe(nzc.Exception.NO_NODE);
    });

    it('ephemeral and sequential nodes; the ephemeral goes with its session', async () => {
      await call((cb) => client.create('/nzc/q', cb));
      const [first] = await call<[string]>((cb) =>
        client.create('/nzc/q/job-', Buffer.from('x'), OPEN, nzc.CreateMode.PERSISTENT_SEQUENTIAL, cb),
      );
      expect(first).toBe('/nzc/q/job-0000000000');
      const short = await connect(server.address);
      const [eph] = await call<[string]>((cb) =>
        short.create('/nzc/q/lock-', Buffer.alloc(0), OPEN, nzc.CreateMode.EPHEMERAL_SEQUENTIAL, cb),
      );
      expect(eph).toBe('/nzc/q/lock-0000000001');
      const [stat] = await call<[Nzc.Stat]>((cb) => client.exists(eph, cb));
      expect(stat.ephemeralOwner.equals(short.getSessionId())).toBe(true);
      expect(await rejection(call((cb) => client.create(`${eph}/kid`, cb)))).toBe(
        nzc.Exception.NO_CHILDREN_FOR_EPHEMERALS,
      );
      let deleted: Promise<Nzc.Event> | undefined;
      await call((cb) => {
        deleted = new Promise<Nzc.Event>((resolve) => client.exists(eph, resolve, cb));
      });
      short.close();
      expect((await deleted)?.getType()).toBe(nzc.Event.NODE_DELETED);
      const [after] = await call<[string[]]>((cb) => client.getChildren('/nzc/q', cb));
      expect(after).toEqual(['job-0000000000']);
    });

    it('data, child and exists watches fire once each', async () => {
      await call((cb) => client.create('/nzc/w', Buffer.from('v0'), cb));
      const events: string[] = [];
      const dataFired = new Promise<void>((resolve) =>
        client.getData(
          '/nzc/w',
          (event) => {
            events.push(`${event.getName()} ${event.getPath()}`);
            resolve();
          },
          () => {},
        ),
      );
      const childFired = new Promise<void>((resolve) =>
        client.getChildren(
          '/nzc/w',
          (event) => {
            events.push(`${event.getName()} ${event.getPath()}`);
            resolve();
          },
          () => {},
        ),
      );
      const existsFired = new Promise<void>((resolve) =>
        client.exists(
          '/nzc/w/new',
          (event) => {
            events.push(`${event.getName()} ${event.getPath()}`);
            resolve();
          },
          () => {},
        ),
      );
      await call((cb) => other.setData('/nzc/w', Buffer.from('v1'), cb));
      await call((cb) => other.setData('/nzc/w', Buffer.from('v2'), cb));
      await call((cb) => other.create('/nzc/w/new', cb));
      await Promise.all([dataFired, childFired, existsFired]);
      // A round trip on the watching session: any duplicate would have arrived before its reply.
      await call((cb) => client.exists('/nzc', cb));
      expect(events.sort()).toEqual([
        'NODE_CHILDREN_CHANGED /nzc/w',
        'NODE_CREATED /nzc/w/new',
        'NODE_DATA_CHANGED /nzc/w',
      ]);
    });

    it('transaction: commits atomically with per-op results', async () => {
      const [results] = await call<[Array<{ type: number; path?: string }>]>((cb) =>
        client
          .transaction()
          .create('/nzc/tx')
          .create('/nzc/tx/a', Buffer.from('a'))
          .setData('/nzc/tx', Buffer.from('top'), 0)
          .check('/nzc/tx/a', 0)
          .commit(cb),
      );
      expect(results.map((result) => result.type)).toEqual([1, 1, 5, 13]);
    });

    it('transaction: a failed transaction changes nothing and reports per-op results', async () => {
      await call((cb) => client.create('/nzc/txf', cb));
      await call((cb) => client.create('/nzc/txf/a', cb));
      let failure: unknown;
      let failedResults: Array<{ type: number; err?: number }> = [];
      await new Promise<void>((resolve) =>
        client
          .transaction()
          .create('/nzc/txf/b')
          .remove('/nzc/txf/a', 7)
          .create('/nzc/txf/c')
          .commit((error, res) => {
            failure = error;
            failedResults = res;
            resolve();
          }),
      );
      expect(errorCode(failure)).toBe(nzc.Exception.BAD_VERSION);
      expect(failedResults.map((result) => result.err)).toEqual([0, -103, -2]);
      const [kids] = await call<[string[]]>((cb) => client.getChildren('/nzc/txf', cb));
      expect(kids).toEqual(['a']);
    });

    it('digest auth and ACLs: NoAuth for others, the creator may read', async () => {
      const owner = await connect(server.address);
      try {
        owner.addAuthInfo('digest', Buffer.from('bob:pw'));
        const creatorOnly = [new nzc.ACL(nzc.Permission.ALL, new nzc.Id('auth', ''))];
        await call((cb) =>
          owner.create('/nzc/sec', Buffer.from('s'), creatorOnly, nzc.CreateMode.PERSISTENT, cb),
        );
        const [data] = await call<[Buffer]>((cb) => owner.getData('/nzc/sec', cb));
        expect(data.toString()).toBe('s');
        const [acls] = await call<[Nzc.ACL[]]>((cb) => owner.getACL('/nzc/sec', cb));
        expect(acls).toMatchObject([
          { permission: 31, id: { scheme: 'digest', id: 'bob:ikIaKsbtGweaHnb/jKn7OHqbunM=' } },
        ]);
        expect(await rejection(call((cb) => client.getData('/nzc/sec', cb)))).toBe(nzc.Exception.NO_AUTH);
        expect(await rejection(call((cb) => client.setData('/nzc/sec', Buffer.from('x'), cb)))).toBe(
          nzc.Exception.NO_AUTH,
        );
      } finally {
        owner.close();
      }
    });

    it('session resumption: a cut TCP connection reconnects to the same session, ephemeral and watch intact', async () => {
      const proxy = await startTcpProxy(server.host, server.port);
      const viaProxy = await connect(proxy.address);
      try {
        const sessionId = viaProxy.getSessionId();
        await call((cb) =>
          viaProxy.create('/nzc/resume', Buffer.alloc(0), OPEN, nzc.CreateMode.EPHEMERAL, cb),
        );
        await call((cb) => viaProxy.create('/nzc/watched', cb));
        // Wait for the getData reply: a request still in flight at the cut is lost with its watch.
        let fired: Promise<Nzc.Event> | undefined;
        await call((cb) => {
          fired = new Promise<Nzc.Event>((resolve) => viaProxy.getData('/nzc/watched', resolve, cb));
        });
        const disconnected = new Promise<void>((resolve) => viaProxy.once('disconnected', () => resolve()));
        const reconnected = new Promise<void>((resolve) => viaProxy.once('connected', () => resolve()));
        expect(proxy.cut()).toBe(1);
        await disconnected;
        await reconnected;
        expect(viaProxy.getSessionId().equals(sessionId)).toBe(true);
        expect(proxy.accepted).toBeGreaterThanOrEqual(2);
        const [stat] = await call<[Nzc.Stat]>((cb) => client.exists('/nzc/resume', cb));
        expect(stat.ephemeralOwner.equals(sessionId)).toBe(true);
        // The data watch was re-registered by SetWatches on reconnect.
        await call((cb) => client.setData('/nzc/watched', Buffer.from('changed'), cb));
        expect((await fired)?.getType()).toBe(nzc.Event.NODE_DATA_CHANGED);
      } finally {
        viaProxy.close();
        await proxy.close();
      }
    });

    it("session expiry: kept away past its timeout, the client gets 'expired' on reconnect", async () => {
      const short = await target.start({ tickTime: 200 });
      const proxy = await startTcpProxy(short.host, short.port);
      const watcher = await connect(short.address);
      const doomed = await connect(proxy.address, { sessionTimeout: 800 });
      try {
        await call((cb) => doomed.create('/doomed', Buffer.alloc(0), OPEN, nzc.CreateMode.EPHEMERAL, cb));
        let deleted: Promise<Nzc.Event> | undefined;
        await call((cb) => {
          deleted = new Promise<Nzc.Event>((resolve) => watcher.exists('/doomed', resolve, cb));
        });
        const expired = new Promise<void>((resolve) => doomed.once('expired', () => resolve()));
        proxy.block();
        expect(proxy.cut()).toBe(1);
        // The server expires the session and deletes its ephemeral; the client cannot know yet.
        expect((await deleted)?.getType()).toBe(nzc.Event.NODE_DELETED);
        proxy.unblock();
        // On reconnect the server refuses the session (timeOut 0) and the client reports it.
        await expired;
        const [stat] = await call<[Nzc.Stat | null]>((cb) => watcher.exists('/doomed', cb));
        expect(stat).toBeNull();
      } finally {
        doomed.close();
        watcher.close();
        await proxy.close();
        await short.stop();
      }
    });
  });
}
