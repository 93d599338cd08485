import { readFileSync } from 'node:fs';
import { createClient } from '@zkts/client';
import { createMemoryStorage } from '@zkts/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fourLetterWord } from '../../../test/support/real-zookeeper';
import { ensembleConfig } from '../src/config/ensemble-config';
import { parseZooCfg } from '../src/config/parse-zoo-cfg';
import type { EnsembleView } from '../src/ensemble/ensemble-view';
import { mntr } from '../src/four-letter-words/monitor';
import type { ZooKeeperServer } from '../src/index';
import { METRICS } from '../src/metrics/metric-catalog';
import { prometheusText } from '../src/metrics/metric-values';
import { startServer } from './support';

/** The mntr keys the real ZooKeeper 3.8 printed (testdata/, captured from real servers). */
function realKeys(role: 'standalone' | 'leader' | 'follower'): string[] {
  const file = role === 'standalone' ? 'mntr' : `mntr-${role}`;
  const text = readFileSync(new URL(`../testdata/real-zookeeper-3.8-${file}.txt`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t')[0]!);
}

function keysOf(answer: string): string[] {
  return answer
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t')[0]!);
}

/** `ours` is `theirs` with some keys left out, in the same order. */
function expectOrderedSubset(ours: readonly string[], theirs: readonly string[]): void {
  const unknown = ours.filter((key) => !theirs.includes(key));
  expect(unknown).toEqual([]);
  const positions = ours.map((key) => theirs.indexOf(key));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}

interface Family {
  type: string;
  help: string;
  samples: Array<{ name: string; labels: Record<string, string>; value: number }>;
}

/**
 * A strict reader of the Prometheus text format 0.0.4: every family has one `# HELP` and one
 * `# TYPE` before its samples, names are valid, samples belong to the family just declared
 * (`_count`/`_sum` and `quantile` labels only for summaries), values are numbers.
 */
function parsePrometheus(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
  let current: string | undefined;
  let help: string | undefined;
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    const helpLine = /^# HELP (\S+) (.+)$/.exec(line);
    const typeLine = /^# TYPE (\S+) (counter|gauge|summary|histogram|untyped)$/.exec(line);
    if (helpLine) {
      expect(name.test(helpLine[1]!), line).toBe(true);
      expect(families.has(helpLine[1]!), `${helpLine[1]} declared twice`).toBe(false);
      current = undefined;
      help = helpLine[1];
      families.set(helpLine[1]!, { type: '', help: helpLine[2]!, samples: [] });
      continue;
    }
    if (typeLine) {
      expect(typeLine[1], `TYPE right after HELP: ${line}`).toBe(help);
      families.get(typeLine[1]!)!.type = typeLine[2]!;
      current = typeLine[1];
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    expect(sample, `not a sample line: ${JSON.stringify(line)}`).not.toBeNull();
    expect(current, `sample before any TYPE: ${line}`).toBeDefined();
    const family = families.get(current!)!;
    const [, sampleName, labelText, valueText] = sample!;
    const labels: Record<string, string> = {};
    for (const pair of labelText ? labelText.split(',') : []) {
      const label = /^([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"$/.exec(pair);
      expect(label, `bad label ${pair}`).not.toBeNull();
      labels[label![1]!] = label![2]!;
    }
    const value = Number(valueText);
    expect(Number.isNaN(value), `value of ${line}`).toBe(false);
    if (family.type === 'summary') {
      expect([current, `${current}_count`, `${current}_sum`]).toContain(sampleName);
      if (sampleName === current) expect(Object.keys(labels)).toEqual(['quantile']);
    } else {
      expect(sampleName).toBe(current);
      expect(labels).toEqual({});
    }
    family.samples.push({ name: sampleName!, labels, value });
  }
  for (const [familyName, family] of families) {
    expect(family.type, `${familyName} has no TYPE`).not.toBe('');
    expect(family.samples.length, `${familyName} has no samples`).toBeGreaterThan(0);
  }
  return families;
}

describe('metrics', () => {
  let server: ZooKeeperServer;

  beforeAll(async () => {
    server = await startServer({
      storage: createMemoryStorage(),
      metricsPort: 0,
      fourLetterWordWhitelist: '*',
    });
    const zk = createClient(server.connectString);
    await zk.connected();
    await zk.create('/a', 'hello');
    await zk.getData('/a', { watch: true });
    await zk.setData('/a', 'x');
    await zk.close();
  });
  afterAll(() => server.close());

  it("lists, standalone, a subset of the real standalone server's mntr keys in its order", async () => {
    const ours = keysOf(await fourLetterWord(server.address.port, 'mntr'));
    expectOrderedSubset(ours, realKeys('standalone'));
    // the leading figures every tool reads are all there
    expect(ours.slice(0, 10)).toEqual(realKeys('standalone').slice(0, 10));
    expect(ours.length).toBeGreaterThan(100);
    expect(ours).not.toContain('zk_peer_state');
    expect(ours).not.toContain('zk_synced_followers');
  });

  it('reports what happened: latencies by kind, bytes, connections, fsyncs', async () => {
    const figures = new Map(
      (await fourLetterWord(server.address.port, 'mntr'))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\t') as [string, string]),
    );
    expect(Number(figures.get('zk_cnt_updatelatency'))).toBeGreaterThanOrEqual(2);
    expect(Number(figures.get('zk_cnt_readlatency'))).toBeGreaterThanOrEqual(1);
    expect(Number(figures.get('zk_bytes_received_count'))).toBeGreaterThan(100);
    // one session's ConnectRequest; four-letter-word connections are not counted
    expect(figures.get('zk_connection_request_count')).toBe('1');
    expect(Number(figures.get('zk_cnt_fsynctime'))).toBeGreaterThanOrEqual(1);
    expect(Number(figures.get('zk_sum_sync_processor_batch_size'))).toBeGreaterThanOrEqual(3);
    expect(figures.get('zk_server_state')).toBe('standalone');
    expect(figures.get('zk_cnt_election_time')).toBe('0');
    expect(figures.get('zk_avg_election_time')).toBe('0.0');
  });

  it('serves every numeric metric on /metrics with HELP and the right TYPE', async () => {
    const text = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
    const families = parsePrometheus(text);
    expect(families.get('packets_sent')?.type).toBe('counter');
    expect(families.get('znode_count')?.type).toBe('gauge');
    const readLatency = families.get('readlatency')!;
    expect(readLatency.type).toBe('summary');
    expect(readLatency.samples.map((s) => s.labels.quantile ?? s.name)).toEqual([
      '0.5',
      '0.95',
      '0.99',
      '0.999',
      'readlatency_count',
      'readlatency_sum',
    ]);
    expect(families.get('fsynctime')!.samples.map((s) => s.name)).toEqual([
      'fsynctime_count',
      'fsynctime_sum',
    ]);
    for (const definition of METRICS) {
      if (definition.type === 'text' || definition.scope !== 'all') continue;
      if (definition.name.endsWith('file_descriptor_count')) continue;
      expect(families.get(definition.name)?.type, definition.name).toBe(definition.type);
    }
    expect(families.has('version')).toBe(false);
  });
});

describe('metrics of an ensemble member', () => {
  const { config } = parseZooCfg(
    [
      'initLimit=10',
      'syncLimit=5',
      'dataDir=/d',
      'server.1=127.0.0.1:28881:38881',
      'server.2=127.0.0.1:28882:38882',
      'server.3=127.0.0.1:28883:38883',
      'server.4=127.0.0.1:28884:38884:observer',
    ].join('\n'),
  );
  const ensemble = ensembleConfig(config, '3').ensemble!;

  async function figuresAs(view: EnsembleView): Promise<string> {
    const server = await startServer();
    try {
      return mntr(server.host, view);
    } finally {
      await server.close();
    }
  }

  it("prints a leader's block where the real leader does", async () => {
    const answer = await figuresAs({
      config: ensemble,
      role: 'leader',
      phase: 'broadcast',
      epoch: 1,
      leader: {
        learners: 2,
        syncedFollowers: 2,
        syncedNonVotingFollowers: 0,
        syncedObservers: 0,
        pendingSyncs: 0,
        diffCount: 0,
        snapCount: 0,
        proposalCount: 0,
        leadingSince: 0,
        proposalSizes: { last: -1, min: -1, max: -1 },
      },
    });
    const ours = keysOf(answer);
    expectOrderedSubset(ours, realKeys('leader'));
    expect(answer).toMatch(/^zk_server_state\tleader\nzk_peer_state\tleading - broadcast\n/m);
    expect(answer).toMatch(/^zk_synced_followers\t2$/m);
    expect(answer).toMatch(/^zk_quorum_size\t3$/m);
    expect(answer).toMatch(/^zk_min_proposal_size\t-1$/m);
  });

  it("prints a follower's figures, without the leader's block", async () => {
    const answer = await figuresAs({
      config: ensemble,
      role: 'follower',
      phase: 'broadcast',
      epoch: 1,
      leader: undefined,
    });
    const ours = keysOf(answer);
    expectOrderedSubset(ours, realKeys('follower'));
    expect(answer).toMatch(/^zk_peer_state\tfollowing - broadcast$/m);
    expect(ours).not.toContain('zk_synced_followers');
  });

  it('exports the ensemble figures to Prometheus only on a member', async () => {
    const server = await startServer();
    try {
      const view: EnsembleView = {
        config: ensemble,
        role: 'follower',
        phase: 'broadcast',
        epoch: 1,
        leader: undefined,
      };
      expect(parsePrometheus(prometheusText(server.host, view)).get('quorum_size')?.samples[0]?.value).toBe(
        3,
      );
      expect(parsePrometheus(prometheusText(server.host, undefined)).has('quorum_size')).toBe(false);
    } finally {
      await server.close();
    }
  });
});
