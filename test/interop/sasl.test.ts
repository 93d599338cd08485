/**
 * SASL DIGEST-MD5 interop: one JAAS file (a Server section of DigestLoginModule users) and the
 * zoo.cfg line ZooKeeper 3.8 needs for `sasl` ACLs start the real ZooKeeper and the zkts
 * server; against each, the Java zkCli (a JAAS Client section), kazoo (sasl_options) and the
 * zkts client authenticate, and the session is `sasl:<user>`. Wrong credentials fail alike.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../packages/client/src/index';
import { stateReached } from '../../packages/client/test/support/wait';
import { ErrorCode, Perms } from '../../packages/core/src/index';
import { createServer, parseZooCfg, silentLogger } from '../../packages/server/src/index';
import { InteractiveProcess } from '../support/interactive-process';
import { realZooKeeperAvailable, startRealZooKeeper } from '../support/real-zookeeper';
import { JAVA_CLASSPATH, PYTHON, toolAvailable } from './tools';

const KAZOO_SASL = fileURLToPath(new URL('./python/kazoo_sasl.py', import.meta.url));
const SASL_PROVIDER = { 'authProvider.1': 'org.apache.zookeeper.server.auth.SASLAuthenticationProvider' };

interface SaslServer {
  address: string;
  stop(): Promise<void>;
}

let dir: string;
let serverJaas: string;
let clientJaas: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkts-sasl-interop-'));
  serverJaas = join(dir, 'server.jaas');
  clientJaas = join(dir, 'client.jaas');
  writeFileSync(
    serverJaas,
    'Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  user_alice="alice-secret"\n  user_bob="bob-secret";\n};\n',
  );
  writeFileSync(
    clientJaas,
    'Client {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username="alice"\n  password="alice-secret";\n};\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const starters: Record<string, () => Promise<SaslServer>> = {
  async zookeeper() {
    const zk = await startRealZooKeeper({
      config: SASL_PROVIDER,
      systemProperties: { 'java.security.auth.login.config': serverJaas },
    });
    return { address: zk.address, stop: () => zk.stop() };
  },
  async zkts() {
    const text = Object.entries({ clientPort: '0', ...SASL_PROVIDER, jaasConfig: serverJaas })
      .map(([key, value]) => `${key}=${value}`)
      .join('\n');
    const server = await createServer({ ...parseZooCfg(text).settings, logger: silentLogger });
    return { address: server.connectString, stop: () => server.close() };
  },
};

const wanted = (process.env.ZKTS_TARGETS ?? 'zookeeper,zkts').split(',');
const names = Object.keys(starters).filter(
  (name) => wanted.includes(name) && (name !== 'zookeeper' || realZooKeeperAvailable()),
);

for (const name of names) {
  describe(`SASL DIGEST-MD5 against ${name}`, { timeout: 60_000 }, () => {
    let server: SaslServer;
    beforeAll(async () => {
      server = await starters[name]!();
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
    });

    it('the zkts client: sasl:<user>, sasl ACLs, and a wrong password is auth-failed', async () => {
      const sasl = (password: string) =>
        createClient(server.address, {
          sessionTimeout: 10_000,
          sasl: { mechanism: 'DIGEST-MD5', username: 'alice', password },
        });
      const alice = sasl('alice-secret');
      const anonymous = createClient(server.address, { sessionTimeout: 10_000 });
      const wrong = sasl('wrong');
      try {
        expect(await alice.whoAmI()).toContainEqual({ authScheme: 'sasl', user: 'alice' });
        await alice.create('/zkts-sasl', 'x', {
          acl: [{ perms: Perms.ALL, id: { scheme: 'sasl', id: 'alice' } }],
        });
        expect((await alice.getData('/zkts-sasl', { encoding: 'utf8' })).data).toBe('x');
        await expect(anonymous.getData('/zkts-sasl')).rejects.toMatchObject({ code: ErrorCode.NOAUTH });
        await stateReached(wrong, 'auth-failed');
      } finally {
        await Promise.all([alice.close(), anonymous.close(), wrong.close()]);
      }
    });

    it.skipIf(!toolAvailable('zkCli'))('the Java zkCli with a JAAS Client section', async () => {
      const cli = new InteractiveProcess('java', [
        '-Xshare:auto',
        '-XX:TieredStopAtLevel=1',
        `-Djava.security.auth.login.config=${clientJaas}`,
        '-cp',
        JAVA_CLASSPATH,
        'org.apache.zookeeper.ZooKeeperMain',
        '-server',
        server.address,
      ]);
      try {
        await cli.waitFor(/WatchedEvent state:SaslAuthenticated type:None path:null/, 40_000);
        cli.send('create /zkcli-sasl by-alice sasl:alice:cdrwa');
        await cli.waitFor(/Created \/zkcli-sasl/);
        cli.send('get /zkcli-sasl');
        await cli.waitFor(/\nby-alice\n/);
        cli.send('getAcl /zkcli-sasl');
        await cli.waitFor(/'sasl,'alice\n: cdrwa/);
        cli.send('whoami');
        const who = await cli.waitFor(/Auth scheme: User\n((?:.*\n){2})/);
        expect(who[1]?.trim().split('\n').sort()).toEqual(['ip: 127.0.0.1', 'sasl: alice']);
      } finally {
        cli.send('quit');
        await Promise.race([cli.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        await cli.stop();
      }
    });

    it.skipIf(!toolAvailable('kazoo'))('kazoo with sasl_options DIGEST-MD5', async () => {
      const run = new InteractiveProcess(PYTHON, [KAZOO_SASL, server.address, 'bob', 'bob-secret']);
      try {
        await run.waitFor(/\{"done": true\}|Error/, 40_000);
      } finally {
        await run.stop();
      }
      const lines = run.output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines, run.output).toEqual([
        { step: 'connected', state: 'CONNECTED' },
        { step: 'read', data: 'sasl only' },
        { done: true },
      ]);
    });
  });
}
