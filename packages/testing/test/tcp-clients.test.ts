/**
 * Other libraries' clients over TCP: a test server is a ZooKeeper to them, across restart() and
 * expireSession() included.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ZooKeeperClient } from '@zkts/client';
import type * as Nzc from 'node-zookeeper-client';
import { describe, expect, it } from 'vitest';
import { createEnsemble, createTestServer, type TestEnsemble } from '../src/index';

const PYTHON = '/usr/bin/python3';
const kazooInstalled = spawnSync(PYTHON, ['-c', 'import kazoo'], { stdio: 'ignore' }).status === 0;
const nzc = createRequire(import.meta.url)('node-zookeeper-client') as typeof Nzc;

/** The member whose client connections include `session` (the one a TCP client is on). */
function memberHolding(ens: TestEnsemble, session: bigint): number {
  const member = ens.members.find((m) =>
    [...(m.server?.host.connections ?? [])].some((connection) => connection.sessionId === session),
  );
  if (member === undefined) throw new Error(`no member holds session ${session.toString(16)}`);
  return member.index;
}

describe.skipIf(!kazooInstalled && !process.env.CI)('kazoo', () => {
  it('keeps its session and ephemeral across restart(), and hears LOST on expireSession()', async () => {
    await using zk = await createTestServer();
    await kazooScenario(zk.connectString, async () => zk.client(), {
      restart: () => zk.restart(),
      expire: (session) => zk.expireSession(session),
    });
  }, 30_000);

  it('on an ensemble: keeps its session and ephemeral when its member is killed, hears LOST on expiry', async () => {
    await using ens = await createEnsemble({ size: 3 });
    await ens.waitForLeader();
    await kazooScenario(ens.connectString, async () => ens.client(), {
      restart: async (session) => {
        await ens.kill(memberHolding(ens, session));
      },
      expire: (session) => ens.expireSession(session),
    });
  }, 60_000);
});

async function kazooScenario(
  connectString: string,
  observerClient: () => Promise<ZooKeeperClient>,
  faults: { restart(session: bigint): Promise<void>; expire(session: bigint): Promise<unknown> },
): Promise<void> {
  const script = spawn(PYTHON, [
    fileURLToPath(new URL('./python/kazoo_session.py', import.meta.url)),
    connectString,
  ]);
  let stderr = '';
  script.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const lines = createInterface({ input: script.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done) throw new Error(`kazoo script ended early: ${stderr}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  try {
    const created = await next();
    expect(created.step).toBe('created');
    const session = BigInt(String(created.session));
    const observer = await observerClient();
    expect((await observer.exists('/kz')).stat?.ephemeralOwner).toBe(session);

    await faults.restart(session);
    script.stdin.write('restarted\n');
    expect(await next()).toEqual({
      step: 'after-restart',
      same_session: true,
      data: 'hi',
      owner: String(session),
    });

    await faults.expire(session);
    await observer.sync('/');
    expect((await observer.exists('/kz')).stat).toBeNull();
    script.stdin.write('expired\n');
    expect(await next()).toEqual({ step: 'expired', lost: true });
    expect(await next()).toEqual({ step: 'done' });
  } finally {
    script.kill();
  }
}

type NzcClient = ReturnType<typeof nzc.createClient>;

const sessionOf = (client: NzcClient): bigint => BigInt(`0x${client.getSessionId().toString('hex')}`);

/** Connects `client` and creates the ephemeral `/nzc`; resolves with its session id. */
async function connectWithEphemeral(client: NzcClient): Promise<bigint> {
  const connected = new Promise<void>((resolve) => client.once('connected', () => resolve()));
  client.connect();
  await connected;
  await new Promise<void>((resolve, reject) =>
    client.create('/nzc', Buffer.from('x'), nzc.CreateMode.EPHEMERAL, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  return sessionOf(client);
}

/** Resolves once the client has lost its connection and connected again. */
const nextReconnect = (client: NzcClient): Promise<void> =>
  new Promise((resolve) => client.once('disconnected', () => client.once('connected', () => resolve())));

describe('node-zookeeper-client', () => {
  it('keeps its session across restart(), and is told expired on expireSession()', async () => {
    await using zk = await createTestServer();
    const client = nzc.createClient(zk.connectString, { sessionTimeout: 30_000, spinDelay: 50 });
    try {
      const session = await connectWithEphemeral(client);
      const reconnected = nextReconnect(client);
      await zk.restart();
      await reconnected;
      expect(sessionOf(client)).toBe(session);
      const observer = await zk.client();
      expect((await observer.exists('/nzc')).stat?.ephemeralOwner).toBe(session);

      const expired = new Promise<void>((resolve) => client.once('expired', () => resolve()));
      await zk.expireSession(session);
      expect((await observer.exists('/nzc')).stat).toBeNull();
      await expired;
    } finally {
      client.close();
    }
  }, 30_000);
});

describe('node-zookeeper-client on an ensemble', () => {
  it('moves to a survivor with its session and ephemeral when its member is killed', async () => {
    await using ens = await createEnsemble({ size: 3 });
    await ens.waitForLeader();
    const client = nzc.createClient(ens.connectString, { sessionTimeout: 30_000, spinDelay: 50 });
    try {
      const session = await connectWithEphemeral(client);
      const before = memberHolding(ens, session);
      const reconnected = nextReconnect(client);
      await ens.kill(before);
      await reconnected;
      expect(sessionOf(client)).toBe(session);
      expect(memberHolding(ens, session)).not.toBe(before);
      const observer = await ens.client();
      await observer.sync('/');
      expect((await observer.exists('/nzc')).stat?.ephemeralOwner).toBe(session);
    } finally {
      client.close();
    }
  }, 30_000);
});
