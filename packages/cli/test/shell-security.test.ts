/**
 * `zkts shell` with --tls-* (a client certificate: whoami shows the x509 id) and --sasl-user
 * (DIGEST-MD5, password from $ZKTS_SASL_PASSWORD) against a zkts server that offers both.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ZooKeeperServer } from '@zkts/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_SUBJECT_DN,
  generateTestCertificates,
  type TestCertificates,
} from '../../../test/support/test-certificates';
import { runShell } from './support/run-shell';

const quiet = { info() {}, warn() {}, error() {} };
let certs: TestCertificates;
let dir: string;
let server: ZooKeeperServer;

beforeAll(async () => {
  certs = generateTestCertificates();
  dir = mkdtempSync(join(tmpdir(), 'zkts-shell-sec-'));
  const jaas = join(dir, 'jaas.conf');
  writeFileSync(
    jaas,
    'Server { org.apache.zookeeper.server.auth.DigestLoginModule required user_alice="pw"; };\n',
  );
  server = await createServer({
    port: 0,
    secureClientPort: 0,
    sslKeyStoreLocation: certs.server.combinedPem,
    sslTrustStoreLocation: certs.caPem,
    jaasConfig: jaas,
    logger: quiet,
  });
});
afterAll(async () => {
  await server?.close();
  certs?.remove();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('zkts shell with TLS and SASL', () => {
  it('--tls-ca/--tls-cert/--tls-key: the session is x509:<subject>', async () => {
    const secure = `127.0.0.1:${server.secureAddress?.port}`;
    const run = await runShell([
      '--server',
      secure,
      '--tls-ca',
      certs.caPem,
      '--tls-cert',
      certs.client.certPem,
      '--tls-key',
      certs.client.keyPem,
      'whoami',
    ]);
    expect(run.code).toBe(0);
    expect(run.output).toContain(`x509: ${CLIENT_SUBJECT_DN}\n`);
  }, 30_000);

  it('--sasl-user with $ZKTS_SASL_PASSWORD: the session is sasl:<user>; a wrong password fails', async () => {
    const args = ['--server', server.connectString, '--timeout', '5000', '--sasl-user', 'alice', 'whoami'];
    const run = await runShell(args, '', { ZKTS_SASL_PASSWORD: 'pw' });
    expect(run.code).toBe(0);
    expect(run.output).toContain('sasl: alice\n');
    const wrong = await runShell(args, '', { ZKTS_SASL_PASSWORD: 'nope' });
    expect(wrong.code).not.toBe(0);
    const missing = await runShell(args, '', { ZKTS_SASL_PASSWORD: undefined });
    expect(missing.output).toContain('--sasl-user needs the password in $ZKTS_SASL_PASSWORD');
  }, 30_000);
});
