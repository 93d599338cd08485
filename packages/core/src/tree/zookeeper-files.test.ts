import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OpCode } from '../constants';
import { DecodeError } from './binary';
import { readZooKeeperSnapshot } from './zookeeper-snapshot';
import { readZooKeeperTxnLog } from './zookeeper-txn-log';

// Written by Debian's ZooKeeper 3.8.0 (snapshot.0 at start-up, log.1 cut after its last entry)
// while zkCli ran the commands of packages/cli/test/transcripts against it.
const dir = new URL('../../testdata/zookeeper-3.8/version-2/', import.meta.url);
const snapshot = new Uint8Array(readFileSync(new URL('snapshot.0', dir)));
const log = new Uint8Array(readFileSync(new URL('log.1', dir)));

describe('ZooKeeper 3.8 files', () => {
  it('reads the start-up snapshot: the root and the /zookeeper system nodes', () => {
    const tree = readZooKeeperSnapshot(snapshot, 0);
    expect([...tree.nodes.keys()].sort()).toEqual([
      '/',
      '/zookeeper',
      '/zookeeper/config',
      '/zookeeper/quota',
    ]);
    expect(tree.aclOf('/')).toEqual([{ perms: 31, id: { scheme: 'world', id: 'anyone' } }]);
    expect(tree.lastProcessedZxid).toBe(0);
  });

  it('refuses a snapshot whose Adler-32 does not match', () => {
    const damaged = snapshot.slice();
    damaged[40] = (damaged[40] ?? 0) ^ 0xff;
    expect(() => readZooKeeperSnapshot(damaged, 0)).toThrow(DecodeError);
    expect(() => readZooKeeperSnapshot(damaged, 0)).toThrow(/Adler-32 mismatch/);
  });

  it('reads every txn of a log in zxid order, sessions and multis included', () => {
    const { txns, damage } = readZooKeeperTxnLog(log);
    expect(damage).toBeUndefined();
    expect(txns.length).toBe(80);
    expect(txns.map((txn) => txn.zxid)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(txns[0]?.body).toEqual({ type: OpCode.createSession, timeOut: 30000 });
    expect(txns[1]?.body).toMatchObject({ type: OpCode.create, path: '/a', ephemeral: false });
    const create = txns[1]?.body;
    expect(create?.type === OpCode.create && new TextDecoder().decode(create.data)).toBe('hello');
    const types = new Set(txns.map((txn) => txn.body.type));
    for (const type of [OpCode.closeSession, OpCode.setData, OpCode.delete, OpCode.multi])
      expect(types).toContain(type);
  });

  it('stops at a damaged entry, keeping the txns before it', () => {
    const damaged = log.slice();
    damaged[damaged.length - 20] = (damaged[damaged.length - 20] ?? 0) ^ 0xff;
    const { txns, damage } = readZooKeeperTxnLog(damaged);
    expect(txns.length).toBe(79);
    expect(damage).toMatch(/Adler-32 mismatch/);
    // a log cut mid-entry (a torn write) ends there too
    const torn = readZooKeeperTxnLog(log.subarray(0, log.length - 5));
    expect(torn.txns.length).toBe(79);
    expect(torn.damage).toMatch(/cut short/);
  });
});
