/**
 * TLS interop: the same zoo.cfg TLS lines (secureClientPort, ssl.* with PEM stores, the Netty
 * connection factory and the x509 auth provider, as ZooKeeper 3.8 needs them) start the real
 * ZooKeeper and the zkts server; against each, the Java zkCli (Netty socket,
 * zookeeper.client.secure), kazoo (use_ssl) and the zkts client connect with a client
 * certificate, and the session is `x509:<subject DN>` with the same DN on both servers.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../packages/client/src/index';
import { ErrorCode, Perms } from '../../packages/core/src/index';
import { createServer, parseZooCfg, silentLogger } from '../../packages/server/src/index';
import { InteractiveProcess } from '../support/interactive-process';
import { freePort, realZooKeeperAvailable, startRealZooKeeper } from '../support/real-zookeeper';
import {
  CLIENT_SUBJECT_DN,
  generateTestCertificates,
  type TestCertificates,
} from '../support/test-certificates';
import { JAVA_CLASSPATH, PYTHON, toolAvailable } from './tools';

const KAZOO_TLS = fileURLToPath(new URL('./python/kazoo_tls.py', import.meta.url));

interface TlsServer {
  /** `127.0.0.1:<secureClientPort>` */
  secure: string;
  /** `127.0.0.1:<clientPort>` */
  plain: string;
  stop(): Promise<void>;
}

/** The zoo.cfg lines that turn TLS on in ZooKeeper 3.8 (and mean the same to zkts). */
function tlsConfig(certs: TestCertificates, securePort: number): Record<string, string> {
  return {
    secureClientPort: String(securePort),
    serverCnxnFactory: 'org.apache.zookeeper.server.NettyServerCnxnFactory',
    'ssl.keyStore.location': certs.server.combinedPem,
    'ssl.keyStore.type': 'PEM',
    'ssl.trustStore.location': certs.caPem,
    'ssl.trustStore.type': 'PEM',
    'authProvider.x509': 'org.apache.zookeeper.server.auth.X509AuthenticationProvider',
  };
}

const starters: Record<string, (certs: TestCertificates) => Promise<TlsServer>> = {
  async zookeeper(certs) {
    const securePort = await freePort();
    const zk = await startRealZooKeeper({ config: tlsConfig(certs, securePort), classpath: JAVA_CLASSPATH });
    return { secure: `127.0.0.1:${securePort}`, plain: zk.address, stop: () => zk.stop() };
  },
  async zkts(certs) {
    const text = Object.entries({ clientPort: '0', ...tlsConfig(certs, 0) })
      .map(([key, value]) => `${key}=${value}`)
      .join('\n');
    const server = await createServer({ ...parseZooCfg(text).settings, logger: silentLogger });
    return {
      secure: `127.0.0.1:${server.secureAddress?.port}`,
      plain: server.connectString,
      stop: () => server.close(),
    };
  },
};

const wanted = (process.env.ZKTS_TARGETS ?? 'zookeeper,zkts').split(',');
const names = Object.keys(starters).filter(
  (name) => wanted.includes(name) && (name !== 'zookeeper' || realZooKeeperAvailable()),
);

let certs: TestCertificates;
beforeAll(() => {
  certs = generateTestCertificates();
});
afterAll(() => certs?.remove());

/** Java system properties of a TLS zkCli with the test client certificate. */
function zkCliTlsProperties(): string[] {
  return [
    '-Dzookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty',
    '-Dzookeeper.client.secure=true',
    `-Dzookeeper.ssl.keyStore.location=${certs.client.combinedPem}`,
    '-Dzookeeper.ssl.keyStore.type=PEM',
    `-Dzookeeper.ssl.trustStore.location=${certs.caPem}`,
    '-Dzookeeper.ssl.trustStore.type=PEM',
  ];
}

for (const name of names) {
  describe(`TLS with a client certificate against ${name}`, { timeout: 60_000 }, () => {
    let server: TlsServer;
    beforeAll(async () => {
      server = await starters[name]!(certs);
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
    });

    it('the zkts client: the session is x509:<subject DN>, and an x509 ACL keeps others out', async () => {
      const secure = createClient(server.secure, {
        sessionTimeout: 10_000,
        tls: { ca: certs.ca, cert: certs.client.cert, key: certs.client.key },
      });
      const plain = createClient(server.plain, { sessionTimeout: 10_000 });
      try {
        const who = await secure.whoAmI();
        expect(who).toContainEqual({ authScheme: 'x509', user: CLIENT_SUBJECT_DN });
        await secure.create('/zkts-tls', 'x', {
          acl: [{ perms: Perms.ALL, id: { scheme: 'x509', id: CLIENT_SUBJECT_DN } }],
        });
        expect((await secure.getData('/zkts-tls', { encoding: 'utf8' })).data).toBe('x');
        await expect(plain.getData('/zkts-tls')).rejects.toMatchObject({ code: ErrorCode.NOAUTH });
      } finally {
        await Promise.all([secure.close(), plain.close()]);
      }
    });

    it.skipIf(!toolAvailable('zkCli'))('the Java zkCli over TLS (Netty socket)', async () => {
      const cli = new InteractiveProcess('java', [
        '-Xshare:auto',
        '-XX:TieredStopAtLevel=1',
        ...zkCliTlsProperties(),
        '-cp',
        JAVA_CLASSPATH,
        'org.apache.zookeeper.ZooKeeperMain',
        '-server',
        server.secure,
      ]);
      try {
        await cli.waitFor(/WatchedEvent state:SyncConnected type:None path:null/, 40_000);
        cli.send('create /zkcli-tls over-tls');
        await cli.waitFor(/Created \/zkcli-tls/);
        cli.send('get /zkcli-tls');
        await cli.waitFor(/\nover-tls\n/);
        cli.send('whoami');
        const who = await cli.waitFor(/Auth scheme: User\n((?:.*\n){2})/);
        expect(who[1]?.trim().split('\n').sort()).toEqual(['ip: 127.0.0.1', `x509: ${CLIENT_SUBJECT_DN}`]);
      } finally {
        cli.send('quit');
        await Promise.race([cli.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        await cli.stop();
      }
    });

    it.skipIf(!toolAvailable('kazoo'))(
      'kazoo with use_ssl, a client certificate and an x509 ACL',
      async () => {
        // not spawnSync: the zkts server runs in this process and must keep serving
        const run = new InteractiveProcess(PYTHON, [
          KAZOO_TLS,
          server.secure,
          certs.caPem,
          certs.client.certPem,
          certs.client.keyPem,
          CLIENT_SUBJECT_DN,
        ]);
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
          { step: 'read', data: 'over tls', acl: [[Perms.ALL, 'x509', CLIENT_SUBJECT_DN]] },
          { done: true },
        ]);
      },
    );
  });
}
