/**
 * Throw-away X.509 material for TLS tests, made with the `openssl` command in a temporary
 * directory (never committed): a CA, a server certificate for 127.0.0.1 / localhost, a client
 * certificate the CA signed, and one from a CA nobody trusts. Generate once per test file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  /** PEM file with the private key (PKCS#8, unencrypted) followed by the certificate. */
  combinedPem: string;
  keyPem: string;
  certPem: string;
  /** The same key and certificate as PKCS#12 (`p12Password`). */
  p12: string;
  key: string;
  cert: string;
}

export interface TestCertificates {
  dir: string;
  /** The CA certificate (PEM), the trust store of both sides. */
  caPem: string;
  ca: string;
  server: KeyPair;
  /** Subject `/C=US/O=zkts tests/OU=clients/CN=client` → RFC 2253 `CN=client,OU=clients,O=zkts tests,C=US`. */
  client: KeyPair;
  /** A client certificate from a CA the server does not trust. */
  stranger: KeyPair;
  p12Password: string;
  remove(): void;
}

export const CLIENT_SUBJECT_DN = 'CN=client,OU=clients,O=zkts tests,C=US';

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function keyPair(dir: string, name: string, subject: string, ca: string, extensions?: string): KeyPair {
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-subj',
    subject,
    '-out',
    `${name}.csr`,
  ]);
  const extArgs = extensions === undefined ? [] : ['-extfile', extensions];
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.crt`,
    ...extArgs,
  ]);
  const key = readFileSync(join(dir, `${name}.key`), 'utf8');
  const cert = readFileSync(join(dir, `${name}.crt`), 'utf8');
  const combinedPem = join(dir, `${name}.pem`);
  writeFileSync(combinedPem, key + cert);
  openssl(dir, [
    'pkcs12',
    '-export',
    '-inkey',
    `${name}.key`,
    '-in',
    `${name}.crt`,
    '-out',
    `${name}.p12`,
    '-passout',
    'pass:p12secret',
  ]);
  return {
    combinedPem,
    keyPem: join(dir, `${name}.key`),
    certPem: join(dir, `${name}.crt`),
    p12: join(dir, `${name}.p12`),
    key,
    cert,
  };
}

function selfSignedCa(dir: string, name: string, subject: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-subj',
    subject,
    '-days',
    '2',
    '-out',
    `${name}.crt`,
  ]);
}

export function generateTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'zkts-certs-'));
  selfSignedCa(dir, 'ca', '/O=zkts tests/CN=zkts test CA');
  selfSignedCa(dir, 'other-ca', '/O=elsewhere/CN=untrusted CA');
  // both name the loopback address: Java ZooKeeper also checks a client certificate's host
  const loopback = join(dir, 'loopback.ext');
  writeFileSync(loopback, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const server = keyPair(dir, 'server', '/O=zkts tests/CN=localhost', 'ca', loopback);
  const client = keyPair(dir, 'client', '/C=US/O=zkts tests/OU=clients/CN=client', 'ca', loopback);
  const stranger = keyPair(dir, 'stranger', '/O=elsewhere/CN=stranger', 'other-ca');
  return {
    dir,
    caPem: join(dir, 'ca.crt'),
    ca: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    server,
    client,
    stranger,
    p12Password: 'p12secret',
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
