/**
 * TLS on the quorum links (the `tls` option, ZooKeeper's sslQuorum): members whose certificates
 * the shared CA signed connect and exchange messages; a member with a certificate from another
 * CA, or a plain-TCP member, never gets a link.
 */
import { createConnection } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/real-zookeeper';
import { generateTestCertificates, type TestCertificates } from '../../../test/support/test-certificates';
import { parseZooCfg } from '../src/config/index';
import type { Logger } from '../src/logger';
import {
  openTcpQuorumTransport,
  type QuorumTlsOptions,
  type TcpQuorumTransport,
} from '../src/quorum/tcp-quorum-transport';
import { quorumTlsOptions } from '../src/tls/quorum-tls-options';

let certs: TestCertificates;
beforeAll(() => {
  certs = generateTestCertificates();
});
afterAll(() => certs?.remove());

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

interface Member {
  transport: TcpQuorumTransport;
  received: string[];
  connected: number[];
}

async function member(
  me: number,
  ports: ReadonlyMap<number, number>,
  tls: QuorumTlsOptions | undefined,
): Promise<Member> {
  const transport = await openTcpQuorumTransport({
    me,
    listen: { host: '127.0.0.1', port: ports.get(me)! },
    peers: [...ports].map(([id, port]) => ({ id, host: '127.0.0.1', port })),
    logger: quiet,
    random: () => 0.5,
    name: 'tls-test',
    backoff: { initialMs: 20, maxMs: 200 },
    ...(tls === undefined ? {} : { tls }),
  });
  const result: Member = { transport, received: [], connected: [] };
  transport.on('message', (from, bytes) =>
    result.received.push(`${from}:${new TextDecoder().decode(bytes)}`),
  );
  transport.on('connected', (peer) => result.connected.push(peer));
  cleanups.push(() => transport.close());
  return result;
}

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function freePorts(...ids: number[]): Promise<Map<number, number>> {
  const map = new Map<number, number>();
  for (const id of ids) map.set(id, await freePort());
  return map;
}

describe('TcpQuorumTransport over TLS', { timeout: 30_000 }, () => {
  const trusted = (): QuorumTlsOptions => ({ key: certs.server.key, cert: certs.server.cert, ca: certs.ca });

  it('members with certificates from the shared CA (zoo.cfg sslQuorum, ssl.quorum.*) connect and exchange messages', async () => {
    const { config } = parseZooCfg(
      [
        'sslQuorum=true',
        `ssl.quorum.keyStore.location=${certs.server.p12}`,
        `ssl.quorum.keyStore.password=${certs.p12Password}`,
        `ssl.quorum.trustStore.location=${certs.caPem}`,
      ].join('\n'),
    );
    const tls = quorumTlsOptions(config);
    expect(tls?.pfx).toBeDefined();
    const ports = await freePorts(1, 2, 3);
    const members = await Promise.all([1, 2, 3].map((id) => member(id, ports, tls)));
    await eventually(() => members.every((m) => m.connected.length === 2), 'a full mesh over TLS');
    members[0]!.transport.send(3, new TextEncoder().encode('over tls'));
    members[2]!.transport.send(1, new TextEncoder().encode('back'));
    await eventually(
      () => members[2]!.received.length === 1 && members[0]!.received.length === 1,
      'the messages',
    );
    expect(members[2]!.received).toEqual(['1:over tls']);
    expect(members[0]!.received).toEqual(['3:back']);
  });

  it('a member with a certificate from another CA, or without TLS, gets no link and no message through', async () => {
    const ports = await freePorts(1, 2, 3);
    const good = await member(1, ports, trusted());
    const stranger = await member(2, ports, {
      key: certs.stranger.key,
      cert: certs.stranger.cert,
      ca: certs.ca,
    });
    const plain = await member(3, ports, undefined);
    // long enough for many dial attempts both ways (backoff 20 → 200 ms)
    for (let i = 0; i < 15; i++) {
      stranger.transport.send(1, new TextEncoder().encode('from the stranger'));
      plain.transport.send(1, new TextEncoder().encode('in the clear'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(good.connected).toEqual([]);
    expect(good.received).toEqual([]);
    expect(stranger.connected).toEqual([]);
    // (the plain member's TCP connects succeed and are then dropped: it may see links come and go)
  });

  it('closes a connection that does not finish its TLS handshake in time', async () => {
    const ports = await freePorts(1);
    const transport = await openTcpQuorumTransport({
      me: 1,
      listen: { host: '127.0.0.1', port: ports.get(1)! },
      peers: [],
      logger: quiet,
      random: () => 0.5,
      handshakeTimeoutMs: 300,
      tls: trusted(),
    });
    cleanups.push(() => transport.close());
    const started = Date.now();
    await new Promise<void>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: transport.port });
      socket.on('error', () => {});
      socket.on('close', () => resolve());
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
