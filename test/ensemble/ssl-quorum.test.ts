/**
 * sslQuorum end to end: three zkts processes whose election and Zab links speak TLS (zoo.cfg
 * `sslQuorum=true` with ZooKeeper's `ssl.quorum.*` keys, PEM stores) elect a leader, replicate
 * writes and survive a leader SIGKILL; a member whose certificate the others do not trust never
 * joins; and a quorum port answers a plain TCP peer with no Zab traffic.
 */
import { createConnection } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { createClient, type ZooKeeperClient } from '@zkts/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientOf,
  expectCaughtUp,
  expectWritesOnEvery,
  leaderOf,
  retrying,
} from '../support/ensemble-checks';
import { fourLetterWord } from '../support/real-zookeeper';
import { generateTestCertificates, type KeyPair, type TestCertificates } from '../support/test-certificates';
import { startZktsEnsemble, type ZktsEnsemble } from '../support/zkts-ensemble-processes';

function sslQuorumConfig(certs: TestCertificates, identity: KeyPair): string[] {
  return [
    'sslQuorum=true',
    `ssl.quorum.keyStore.location=${identity.combinedPem}`,
    'ssl.quorum.keyStore.type=PEM',
    `ssl.quorum.trustStore.location=${certs.caPem}`,
    'ssl.quorum.trustStore.type=PEM',
  ];
}

/** Each running member's `srvr` mode (`leader`, `follower`, or `none` while not serving). */
async function modes(ensemble: ZktsEnsemble): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (const member of ensemble.members) {
    if (member.pid === undefined) continue;
    const answer = await fourLetterWord(member.clientPort, 'srvr').catch(() => '');
    found.set(member.id, /Mode: (\w+)/.exec(answer)?.[1] ?? 'none');
  }
  return found;
}

/** What a plain TCP peer gets from `port` after sending a plausible plain-text message. */
function plainPeer(port: number): Promise<{ bytes: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = createConnection({ host: '127.0.0.1', port });
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), closed });
    };
    const timer = setTimeout(() => finish(false), 3_000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => finish(true));
    // what a plain member would open with: its id and a length-prefixed message
    socket.once('connect', () => socket.write(Buffer.from('00000000000000020000000568656c6c6f', 'hex')));
  });
}

/** Whether a TLS handshake with `port`, presenting `identity`, completes. */
function tlsHandshake(port: number, certs: TestCertificates, identity: KeyPair): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port,
      ca: certs.ca,
      key: identity.key,
      cert: identity.cert,
      checkServerIdentity: () => undefined,
    });
    const timer = setTimeout(() => finish(false), 5_000);
    function finish(secure: boolean) {
      clearTimeout(timer);
      socket.destroy();
      resolve(secure);
    }
    socket.once('secureConnect', () => finish(true));
    socket.on('error', () => finish(false));
  });
}

describe('sslQuorum: a zkts ensemble over TLS member links', { timeout: 180_000 }, () => {
  let certs: TestCertificates;
  const clients: ZooKeeperClient[] = [];
  beforeAll(() => {
    certs = generateTestCertificates();
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((zk) => zk.close()));
    certs?.remove();
  });

  it('elects, replicates, survives a leader SIGKILL, and its quorum ports speak only TLS', async () => {
    const ensemble = await startZktsEnsemble({
      size: 3,
      tickTime: 200,
      extraConfig: ['4lw.commands.whitelist=*', ...sslQuorumConfig(certs, certs.server)],
    });
    try {
      const leader = await leaderOf(ensemble);
      await retrying('both followers to sync', async () => {
        const now = [...(await modes(ensemble)).values()].sort();
        expect(now).toEqual(['follower', 'follower', 'leader']);
      });

      const followers = ensemble.members.filter((m) => m.id !== leader);
      const zk = clientOf(followers, clients, { sessionTimeout: 4000 });
      await zk.connected();
      const acknowledged: string[] = [];
      for (let i = 0; i < 20; i++) acknowledged.push(await zk.create(`/tls-${i}`, String(i)));

      // the leader's quorum port: a plain peer gets nothing a Zab learner could read (at most
      // a TLS alert record, 0x15) and is disconnected
      const leaderMember = ensemble.members.find((m) => m.id === leader)!;
      for (const port of [leaderMember.quorumPort, leaderMember.electionPort]) {
        // the port does speak TLS: a handshake with a certificate from the shared CA completes
        expect(await tlsHandshake(port, certs, certs.client)).toBe(true);
        const answer = await plainPeer(port);
        expect(answer.closed).toBe(true);
        if (answer.bytes.length > 0) expect(answer.bytes[0]).toBe(0x15);
      }

      await leaderMember.kill('SIGKILL');
      await retrying('a new leader', async () => {
        const now = await modes(ensemble);
        if (![...now.values()].includes('leader')) throw new Error(JSON.stringify([...now]));
      });
      await retrying('a write after the failover', () => zk.create('/tls-after', 'x'));
      acknowledged.push('/tls-after');

      await expectWritesOnEvery(followers, acknowledged, clients);

      // the killed member rejoins over TLS and catches up
      await leaderMember.restart();
      await expectCaughtUp(leaderMember, acknowledged, clients);
    } finally {
      await ensemble.stop();
    }
  });

  it('a member with a certificate from an untrusted CA never joins the quorum', async () => {
    const ensemble = await startZktsEnsemble({
      size: 3,
      tickTime: 200,
      extraConfig: ['4lw.commands.whitelist=*'],
      memberConfig: (id) => sslQuorumConfig(certs, id === 3 ? certs.stranger : certs.server),
    });
    try {
      const leader = await leaderOf(ensemble);
      expect(leader).not.toBe(3);
      const zk = createClient(`127.0.0.1:${ensemble.members[0]!.clientPort}`, { reconnectDelay: 50 });
      clients.push(zk);
      await retrying('connecting to member 1', () => zk.connected());
      await zk.create('/trusted-only', 'x');
      // several election rounds' worth of time: member 3 must stay out the whole while
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        const now = await modes(ensemble);
        expect(now.get(3)).toBe('none');
        expect([now.get(1), now.get(2)].sort()).toEqual(['follower', 'leader']);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const stranger = createClient(`127.0.0.1:${ensemble.members[2]!.clientPort}`, {
        reconnectDelay: 50,
        connectTimeout: 1_000,
      });
      clients.push(stranger);
      await expect(
        Promise.race([
          stranger.connected().then(() => 'served'),
          new Promise((resolve) => setTimeout(() => resolve('not served'), 2_000)),
        ]),
      ).resolves.toBe('not served');
    } finally {
      await ensemble.stop();
    }
  });
});
