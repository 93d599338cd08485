import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensembleConfig } from '../src/config/ensemble-config';
import { parseZooCfg } from '../src/config/parse-zoo-cfg';
import type { EnsembleView } from '../src/ensemble/ensemble-view';
import { conf } from '../src/four-letter-words/configuration';
import { srvr, stat } from '../src/four-letter-words/server-summary';
import type { ZooKeeperServer } from '../src/index';
import { startServer } from './support';

const real = (name: string) =>
  readFileSync(new URL(`../testdata/real-zookeeper-3.8-${name}.txt`, import.meta.url), 'utf8');

/** Each line's key (before ':' or '='), digits masked. */
const shape = (answer: string) =>
  answer
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (line.split(/[:=]/)[0] ?? '').replace(/[0-9]+/g, '#'));

// the membership of the real ensemble captured by scripts/capture-real-ensemble-4lw.sh
const { config } = parseZooCfg(
  [
    'tickTime=500',
    'initLimit=10',
    'syncLimit=5',
    'dataDir=/d',
    'server.1=127.0.0.1:28881:38881',
    'server.2=127.0.0.1:28882:38882',
    'server.3=127.0.0.1:28883:38883',
    'server.4=127.0.0.1:28884:38884:observer',
  ].join('\n'),
);

function view(myid: string, role: EnsembleView['role']): EnsembleView {
  return {
    config: ensembleConfig(config, myid).ensemble!,
    role,
    phase: 'broadcast',
    epoch: 1,
    leader:
      role === 'leader'
        ? {
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
          }
        : undefined,
  };
}

describe('four-letter words of an ensemble member', () => {
  let server: ZooKeeperServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it("srvr and stat print the member's mode, a leader its proposal sizes, as the real ones do", () => {
    const leader = srvr(server.host, view('3', 'leader'));
    expect(shape(leader)).toEqual(shape(real('srvr-leader')));
    expect(leader).toMatch(/^Mode: leader\nNode count: \d+\nProposal sizes last\/min\/max: -1\/-1\/-1\n$/m);
    const follower = srvr(server.host, view('1', 'follower'));
    expect(shape(follower)).toEqual(shape(real('srvr-follower')));
    expect(follower).toMatch(/\nMode: follower\nNode count: \d+\n$/);
    expect(stat(server.host, view('1', 'follower'))).toMatch(/\nMode: follower\n/);
  });

  it('conf adds the limits, ports and membership exactly as the real leader printed them', () => {
    const ours = conf(server.config, 21883, view('3', 'leader'));
    const theirs = real('conf-leader');
    const tail = (answer: string) => answer.slice(answer.indexOf('serverId='));
    expect(tail(ours)).toBe(tail(theirs));
    expect(shape(ours)).toEqual(shape(theirs));
  });

  it('standalone output is unchanged', () => {
    expect(srvr(server.host)).toMatch(/\nMode: standalone\nNode count: \d+\n$/);
    expect(conf(server.config, 2181)).toMatch(/\nserverId=0\n$/);
  });
});
