/**
 * TLS on the zkts server's secureClientPort with the zkts client: ZooKeeper's ssl.* settings
 * (PEM and PKCS#12 key stores, a PEM trust store), ssl.clientAuth need/want/none, both ports
 * serving at once, and a trusted client certificate making the session `x509:<subject DN>`
 * for ACLs. One set of throw-away certificates (openssl) for the whole file.
 */
import { createConnection } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ZooKeeperClient } from '../packages/client/src/index';
import { ErrorCode, Perms } from '../packages/core/src/index';
import {
  type CreateServerOptions,
  createServer,
  silentLogger,
  type ZooKeeperServer,
} from '../packages/server/src/index';
import { createMemoryStorage } from '../packages/storage/src/index';
import { fourLetterWord } from './support/real-zookeeper';
import {
  CLIENT_SUBJECT_DN,
  generateTestCertificates,
  type TestCertificates,
} from './support/test-certificates';

let certs: TestCertificates;
beforeAll(() => {
  certs = generateTestCertificates();
});
afterAll(() => certs?.remove());

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function start(options: CreateServerOptions = {}): Promise<ZooKeeperServer> {
  const server = await createServer({
    port: 0,
    fourLetterWordWhitelist: 'conf',
    secureClientPort: 0,
    sslKeyStoreLocation: certs.server.combinedPem,
    sslTrustStoreLocation: certs.caPem,
    logger: silentLogger,
    storage: createMemoryStorage(),
    ...options,
  });
  open.push(server);
  return server;
}

function secureAddress(server: ZooKeeperServer): string {
  const address = server.secureAddress;
  if (address === undefined) throw new Error('no secure port');
  return `${address.host}:${address.port}`;
}

function client(connectString: string, options: Parameters<typeof createClient>[1] = {}): ZooKeeperClient {
  const zk = createClient(connectString, { sessionTimeout: 10_000, ...options });
  open.push(zk);
  return zk;
}

const withClientCert = () => ({ ca: certs.ca, cert: certs.client.cert, key: certs.client.key });

/** How a raw TLS handshake with these options ends: 'ok', or the error / close that ended it. */
function handshake(port: number, options: { cert?: string; key?: string }): Promise<string> {
  return new Promise((resolve) => {
    const socket = connectTls({ host: '127.0.0.1', port, ca: certs.ca, ...options });
    socket.once('secureConnect', () => {
      // TLS 1.3: a server that rejects the client certificate says so after the client's Finished
      socket.once('data', () => {});
      setTimeout(() => {
        resolve(socket.destroyed ? 'closed' : 'ok');
        socket.destroy();
      }, 300);
    });
    socket.once('error', (error) => resolve(`error: ${error.message}`));
    socket.once('close', () => resolve('closed'));
  });
}

describe('TLS client port (secureClientPort)', { timeout: 30_000 }, () => {
  it('serves TLS and plain clients at once; a client certificate makes the session x509:<subject DN>', async () => {
    const server = await start();
    const secure = client(secureAddress(server), { tls: withClientCert() });
    const plain = client(server.connectString);
    await Promise.all([secure.connected(), plain.connected()]);
    expect(await secure.whoAmI()).toEqual(
      expect.arrayContaining([{ authScheme: 'x509', user: CLIENT_SUBJECT_DN }]),
    );
    expect((await plain.whoAmI()).map((info) => info.authScheme)).toEqual(['ip']);

    // an ACL naming the certificate's subject: only that client may read
    await secure.create('/certified', 'for the client', {
      acl: [{ perms: Perms.ALL, id: { scheme: 'x509', id: CLIENT_SUBJECT_DN } }],
    });
    expect((await secure.getData('/certified', { encoding: 'utf8' })).data).toBe('for the client');
    await expect(plain.getData('/certified')).rejects.toMatchObject({ code: ErrorCode.NOAUTH });
    // `auth` expands to the x509 id, as ZooKeeper's X509AuthenticationProvider is authenticated
    await secure.create('/mine', '', { acl: [{ perms: Perms.ALL, id: { scheme: 'auth', id: '' } }] });
    expect((await secure.getACL('/mine')).acl).toEqual([
      { perms: Perms.ALL, id: { scheme: 'x509', id: CLIENT_SUBJECT_DN } },
    ]);
    // both ports see one tree
    expect((await plain.getChildren('/')).children.sort()).toEqual(['certified', 'mine', 'zookeeper']);
    expect(await fourLetterWord(server.address.port, 'conf')).toContain(
      `secureClientPort=${server.secureAddress?.port}\n`,
    );
  });

  it('x509 ACL ids are INVALIDACL on a server without TLS (no x509 provider)', async () => {
    const server = await createServer({ port: 0, logger: silentLogger, storage: createMemoryStorage() });
    open.push(server);
    const plain = client(server.connectString);
    await expect(
      plain.create('/x', '', { acl: [{ perms: Perms.ALL, id: { scheme: 'x509', id: CLIENT_SUBJECT_DN } }] }),
    ).rejects.toMatchObject({ code: ErrorCode.INVALIDACL });
  });

  it('clientAuth need (the default): no certificate, or one from an untrusted CA, gets no connection', async () => {
    const server = await start();
    const port = server.secureAddress?.port ?? 0;
    expect(await handshake(port, {})).not.toBe('ok');
    expect(await handshake(port, { cert: certs.stranger.cert, key: certs.stranger.key })).not.toBe('ok');
    expect(await handshake(port, { cert: certs.client.cert, key: certs.client.key })).toBe('ok');
  });

  it('clientAuth want: a certificate is optional, but one that is presented must be trusted', async () => {
    const server = await start({ sslClientAuth: 'want' });
    const port = server.secureAddress?.port ?? 0;
    expect(await handshake(port, { cert: certs.stranger.cert, key: certs.stranger.key })).not.toBe('ok');
    const anonymous = client(secureAddress(server), { tls: { ca: certs.ca } });
    await anonymous.connected();
    expect((await anonymous.whoAmI()).map((info) => info.authScheme)).toEqual(['ip']);
  });

  it('clientAuth none: no certificate is asked for', async () => {
    const server = await start({ sslClientAuth: 'none' });
    const zk = client(secureAddress(server), { tls: withClientCert() });
    await zk.connected();
    expect((await zk.whoAmI()).map((info) => info.authScheme)).toEqual(['ip']);
  });

  it('reads a PKCS#12 key store; the client checks the server certificate against its CA', async () => {
    const server = await start({
      sslKeyStoreLocation: certs.server.p12,
      sslKeyStorePassword: certs.p12Password,
      sslClientAuth: 'none',
    });
    const zk = client(secureAddress(server), { tls: { ca: certs.ca } });
    await zk.connected();
    await zk.create('/p12', 'ok');
    // a client that does not trust the server's CA never connects
    const port = server.secureAddress?.port ?? 0;
    const untrusting = await new Promise<string>((resolve) => {
      const socket = connectTls({ host: '127.0.0.1', port });
      socket.once('secureConnect', () => resolve('ok'));
      socket.once('error', (error) => resolve((error as NodeJS.ErrnoException).code ?? error.message));
    });
    expect(untrusting).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  });

  it('survives garbage and plain-TCP ZooKeeper traffic on the TLS port', async () => {
    const server = await start();
    const port = server.secureAddress?.port ?? 0;
    for (const bytes of [
      Buffer.from('ruok'),
      // a plain ConnectRequest frame
      Buffer.from(
        '0000002c000000000000000000000000000075300000000000000000000000100000000000000000000000000000000000',
        'hex',
      ),
      Buffer.alloc(4096, 0x16),
    ]) {
      await new Promise<void>((resolve) => {
        const socket = createConnection({ host: '127.0.0.1', port }, () => socket.end(bytes));
        socket.on('data', () => {});
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
      });
    }
    const zk = client(secureAddress(server), { tls: withClientCert() });
    await zk.create('/still-serving', '');
  });

  it('closes a connection that does not finish its TLS handshake within the sessionless timeout', async () => {
    const server = await start({ sessionlessConnectionTimeoutMs: 300 });
    const started = Date.now();
    await new Promise<void>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: server.secureAddress?.port ?? 0 });
      socket.on('error', () => {});
      socket.on('close', () => resolve());
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('ssl.enabledProtocols limits the TLS versions', async () => {
    const server = await start({ sslEnabledProtocols: 'TLSv1.3', sslClientAuth: 'none' });
    const port = server.secureAddress?.port ?? 0;
    const negotiate = (maxVersion: 'TLSv1.2' | 'TLSv1.3') =>
      new Promise<string>((resolve) => {
        const socket = connectTls({ host: '127.0.0.1', port, ca: certs.ca, maxVersion });
        socket.once('secureConnect', () => {
          resolve(socket.getProtocol() ?? 'none');
          socket.destroy();
        });
        socket.once('error', () => resolve('refused'));
      });
    expect(await negotiate('TLSv1.3')).toBe('TLSv1.3');
    expect(await negotiate('TLSv1.2')).toBe('refused');
  });

  it('refuses to start with a key store it cannot read, naming the setting', async () => {
    await expect(start({ sslKeyStoreLocation: `${certs.dir}/missing.pem` })).rejects.toThrow(
      /ssl\.keyStore\.location: cannot read .*missing\.pem: ENOENT/,
    );
  });
});
