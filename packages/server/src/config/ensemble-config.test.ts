import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensembleConfig, loadEnsembleConfig } from './ensemble-config';
import { parseZooCfg } from './parse-zoo-cfg';
import { ConfigError } from './server-config';

const THREE = [
  'tickTime=2000',
  'initLimit=10',
  'syncLimit=5',
  'dataDir=/var/lib/zkts',
  'server.1=10.0.0.1:2888:3888',
  'server.2=10.0.0.2:2888:3888;2181',
  'server.3=10.0.0.3:2888:3888',
];

function issues(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('ensemble configuration', () => {
  it('is standalone with no server.N line or just one, as ZooKeeper runs it', () => {
    expect(ensembleConfig(parseZooCfg('dataDir=/d').config, undefined).ensemble).toBeUndefined();
    const one = parseZooCfg('dataDir=/d\nserver.1=127.0.0.1:2888:3888').config;
    expect(ensembleConfig(one, undefined).ensemble).toBeUndefined();
  });

  it('types the membership, the quorum and the limits in ticks', () => {
    const { config, warnings } = parseZooCfg(
      [
        ...THREE,
        'server.4=10.0.0.4:2888:3888:observer',
        'electionPortBindRetry=0',
        'readonlymode.enabled=true',
      ].join('\n'),
    );
    expect(warnings).toEqual([]);
    const { ensemble } = ensembleConfig(config, '2\n');
    expect(ensemble).toEqual({
      me: {
        id: 2,
        role: 'participant',
        quorum: { host: '10.0.0.2', port: 2888 },
        election: { host: '10.0.0.2', port: 3888 },
        client: { host: undefined, port: 2181 },
      },
      members: expect.any(Array),
      voters: [1, 2, 3],
      observers: [4],
      quorumSize: 2,
      tickTime: 2000,
      initLimitTicks: 10,
      syncLimitTicks: 5,
      electionPortBindRetry: 0,
      readOnlyModeEnabled: true,
    });
    expect(ensemble?.members.map((member) => member.id)).toEqual([1, 2, 3, 4]);
  });

  it('warns about an even or tiny number of voters but allows it', () => {
    const even = parseZooCfg([...THREE, 'server.4=10.0.0.4:2888:3888'].join('\n'));
    expect(even.warnings).toEqual([
      'server.N: 4 voting members: an even number tolerates no more failures than 3; consider an odd number',
    ]);
    const two = parseZooCfg(THREE.slice(0, 6).join('\n'));
    expect(two.warnings).toEqual([
      'server.N: 2 voting member(s): no failure will be tolerated; you need at least 3',
    ]);
  });

  it('refuses duplicate ids, shared addresses, missing limits and observers only', () => {
    expect(issues(() => parseZooCfg([...THREE, 'server.2=10.0.0.9:2888:3888'].join('\n')))).toEqual([
      'server.2: defined twice (lines 6 and 8)',
    ]);
    expect(issues(() => parseZooCfg([...THREE, 'server.4=10.0.0.3:2888:3999'].join('\n')))).toEqual([
      'server.4: quorum address 10.0.0.3:2888 is already used by server.3',
    ]);
    expect(issues(() => parseZooCfg(THREE.filter((line) => !line.includes('Limit')).join('\n')))).toEqual([
      'initLimit: not set; an ensemble (more than one server.N line) needs it',
      'syncLimit: not set; an ensemble (more than one server.N line) needs it',
    ]);
    expect(
      issues(() => parseZooCfg('initLimit=5\nsyncLimit=2\nserver.1=a:1:2:observer\nserver.2=b:1:2:observer')),
    ).toEqual(['server.N: every member is an observer; an ensemble needs voting participants']);
    expect(issues(() => parseZooCfg('peerType=leader'))).toEqual([
      'peerType: expected participant or observer, got "leader" (line 1)',
    ]);
  });

  it('refuses a missing, unreadable or unlisted myid, naming the file', () => {
    const { config } = parseZooCfg(THREE.join('\n'));
    expect(issues(() => ensembleConfig(config, undefined))).toEqual([
      "/var/lib/zkts/myid: missing; write this member's id (one of the server.N numbers) into it",
    ]);
    expect(issues(() => ensembleConfig(config, 'two\n'))).toEqual([
      '/var/lib/zkts/myid: expected a server id (a number), got "two"',
    ]);
    expect(issues(() => ensembleConfig(config, '7'))).toEqual([
      '/var/lib/zkts/myid: myid 7 is not one of the server.N ids (1, 2, 3)',
    ]);
    const noDataDir = parseZooCfg(THREE.filter((line) => !line.startsWith('dataDir')).join('\n')).config;
    expect(issues(() => ensembleConfig(noDataDir, '1'))).toEqual([
      'dataDir: not set; an ensemble member keeps its myid file and txn log there',
    ]);
  });

  it("follows the member's own server.N role over peerType, with a warning (ZooKeeper's setupPeerType)", () => {
    const observer = parseZooCfg([...THREE, 'server.4=10.0.0.4:2888:3888:observer'].join('\n')).config;
    // observer line, no peerType: ZooKeeper says nothing and observes
    expect(ensembleConfig(observer, '4')).toMatchObject({
      ensemble: { me: { role: 'observer' } },
      warnings: [],
    });
    const mismatch = parseZooCfg([...THREE, 'peerType=observer'].join('\n')).config;
    expect(ensembleConfig(mismatch, '1')).toMatchObject({
      ensemble: { me: { role: 'participant' } },
      warnings: [
        "peerType: observer does not match server.1's role (participant); using participant from the servers list, as ZooKeeper does",
      ],
    });
  });
});

describe('loadEnsembleConfig', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads myid from dataDir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zkts-myid-'));
    dirs.push(dataDir);
    const { config } = parseZooCfg(THREE.map((line) => line.replace('/var/lib/zkts', dataDir)).join('\n'));
    await expect(loadEnsembleConfig(config)).rejects.toThrow(/myid: missing/);
    writeFileSync(join(dataDir, 'myid'), '3\n');
    expect((await loadEnsembleConfig(config)).ensemble?.me.id).toBe(3);
  });
});
