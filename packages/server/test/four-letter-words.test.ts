import { createConnection } from 'node:net';
import { createClient } from '@zkts/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fourLetterWord } from '../../../test/support/real-zookeeper';
import type { ZooKeeperServer } from '../src/index';
import { startServer } from './support';

// Formats as the real ZooKeeper 3.8.0 prints them (scripts/capture-real-4lw.ts shows its answers).
describe('four-letter words', () => {
  let server: ZooKeeperServer;
  let port: number;
  let sessionHex: string;
  const zk = { client: undefined as ReturnType<typeof createClient> | undefined };

  beforeAll(async () => {
    server = await startServer({ fourLetterWordWhitelist: '*', metricsPort: 0 });
    port = server.address.port;
    const client = createClient(server.connectString);
    zk.client = client;
    await client.connected();
    sessionHex = `0x${client.sessionId.toString(16)}`;
    await client.create('/a', 'hello');
    await client.create('/eph', null, { mode: 'ephemeral' });
    await client.getData('/a', { watch: true });
    await client.exists('/missing', { watch: true });
  });
  afterAll(async () => {
    await zk.client?.close();
    await server.close();
  });

  it('ruok, isro', async () => {
    expect(await fourLetterWord(port, 'ruok')).toBe('imok');
    expect(await fourLetterWord(port, 'isro')).toBe('rw');
  });

  it('srvr', async () => {
    const answer = await fourLetterWord(port, 'srvr');
    expect(answer).toMatch(
      /^Zookeeper version: 3\.8\.0-zkts-[^\n]*\nLatency min\/avg\/max: \d+\/\d+\.\d+\/\d+\nReceived: \d+\nSent: \d+\nConnections: 2\nOutstanding: 0\nZxid: 0x[0-9a-f]+\nMode: standalone\nNode count: 7\n$/,
    );
  });

  it('stat lists the clients', async () => {
    const answer = await fourLetterWord(port, 'stat');
    expect(answer).toMatch(
      /\nClients:\n( \/127\.0\.0\.1:\d+\[[01]\]\(queued=\d+,recved=\d+,sent=\d+\)\n){2}\nLatency/,
    );
  });

  it('mntr: key<TAB>value lines with the usual figures', async () => {
    const lines = (await fourLetterWord(port, 'mntr')).trimEnd().split('\n');
    const figures = new Map(lines.map((line) => line.split('\t') as [string, string]));
    expect(lines.every((line) => line.split('\t').length === 2)).toBe(true);
    expect(figures.get('zk_server_state')).toBe('standalone');
    expect(figures.get('zk_znode_count')).toBe('7');
    expect(figures.get('zk_ephemerals_count')).toBe('1');
    expect(figures.get('zk_watch_count')).toBe('2');
    expect(figures.get('zk_global_sessions')).toBe('1');
    expect(figures.get('zk_outstanding_requests')).toBe('0');
    expect(figures.get('zk_version')).toMatch(/^3\.8\.0-/);
  });

  it('wchs, wchc, wchp', async () => {
    expect(await fourLetterWord(port, 'wchs')).toBe('1 connections watching 2 paths\nTotal watches:2\n');
    expect(await fourLetterWord(port, 'wchc')).toBe(`${sessionHex}\n\t/a\n\t/missing\n\n`);
    expect(await fourLetterWord(port, 'wchp')).toBe(`/a\n\t${sessionHex}\n/missing\n\t${sessionHex}\n\n`);
  });

  it('dump lists sessions by expiry and ephemerals by session', async () => {
    const answer = await fourLetterWord(port, 'dump');
    expect(answer).toMatch(
      new RegExp(
        `^SessionTracker dump:\\nSession Sets \\(1\\)/\\(1\\):\\n1 expire at \\w{3} \\w{3} \\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\d{4}:\\n\\t${sessionHex}\\nephemeral nodes dump:\\nSessions with Ephemerals \\(1\\):\\n${sessionHex}:\\n\\t/eph\\nConnections dump:\\n`,
      ),
    );
  });

  it('conf, cons, envi, dirs, crst, srst', async () => {
    expect(await fourLetterWord(port, 'conf')).toMatch(
      new RegExp(
        `^clientPort=${port}\\nsecureClientPort=-1\\ndataDir=\\n.*tickTime=3000\\nmaxClientCnxns=60\\nminSessionTimeout=6000\\nmaxSessionTimeout=60000\\n`,
        's',
      ),
    );
    expect(await fourLetterWord(port, 'cons')).toContain(`,sid=${sessionHex},lop=`);
    expect(await fourLetterWord(port, 'envi')).toMatch(/^Environment:\nzookeeper\.version=3\.8\.0-/);
    expect(await fourLetterWord(port, 'dirs')).toBe('datadir_size: 0\nlogdir_size: 0\n');
    expect(await fourLetterWord(port, 'crst')).toBe('Connection stats reset.\n');
    expect(await fourLetterWord(port, 'srst')).toBe('Server stats reset.\n');
  });

  it('gtmk and stmk read and set the trace mask as the real server prints it (no newline)', async () => {
    expect(await fourLetterWord(port, 'gtmk')).toBe('306');
    const stmk = Buffer.alloc(12);
    stmk.write('stmk');
    stmk.writeBigInt64BE(511n, 4);
    expect(await sendRaw(port, stmk)).toBe('511');
    expect(await fourLetterWord(port, 'gtmk')).toBe('511');
    expect(await fourLetterWord(port, 'hash')).toBe('');
  });

  it('serves the mntr figures as Prometheus text on /metrics', async () => {
    const response = await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`);
    const body = await response.text();
    expect(body).toMatch(/^# TYPE ephemerals_count gauge\nephemerals_count 1$/m);
    expect(body).toMatch(/^znode_count 7$/m);
  });
});

describe('four-letter word whitelist', () => {
  it('answers only srvr by default and says why it refuses the others', async () => {
    const server = await startServer();
    try {
      expect(await fourLetterWord(server.address.port, 'ruok')).toBe(
        'ruok is not executed because it is not in the whitelist.\n',
      );
      expect(await fourLetterWord(server.address.port, 'srvr')).toMatch(/^Zookeeper version: /);
    } finally {
      await server.close();
    }
  });
});

/** Sends bytes on a fresh connection and collects the answer until the server closes. */
function sendRaw(port: number, bytes: Uint8Array): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.end(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
