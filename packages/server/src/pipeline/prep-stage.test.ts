import { DataTree, OpCode } from '@zkts/core';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { INTERNAL_ORIGIN, type PendingWrite, type PreparedWrite, type WatchTarget } from './pending-write';
import { PrepStage } from './prep-stage';
import { CountingZxidSource, type ZxidSource } from './zxid-source';

function write(path: string): PendingWrite {
  return {
    origin: INTERNAL_ORIGIN,
    sessionId: 0n,
    cxid: 1,
    request: {
      type: OpCode.create,
      path,
      data: new Uint8Array(),
      acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
      flags: 0,
    },
    authIds: [],
    txn: undefined,
  };
}

function prepAll(zxids: ZxidSource, paths: string[]): PreparedWrite[] {
  const passed: PreparedWrite[] = [];
  const prep = new PrepStage(
    new DataTree<WatchTarget>(),
    () => 1234,
    silentLogger,
    { accept: (w) => passed.push(w) },
    zxids,
  );
  for (const path of paths) prep.accept(write(path));
  return passed;
}

describe('PrepStage', () => {
  it('counts zxids up from the recovered one when standalone', () => {
    const passed = prepAll(new CountingZxidSource(41), ['/a', '/b']);
    expect(passed.map((w) => w.txn.zxid)).toEqual([42, 43]);
  });

  it('takes zxids from the injected source (a Zab leader: epoch << 32 | counter), failures included', () => {
    let counter = 0;
    const epoch3: ZxidSource = {
      get last() {
        return 3 * 2 ** 32 + counter;
      },
      next: () => 3 * 2 ** 32 + ++counter,
    };
    // the second create of /a fails (NODEEXISTS) and still uses up a zxid, as in ZooKeeper
    const passed = prepAll(epoch3, ['/a', '/a', '/b']);
    expect(passed.map((w) => w.txn.zxid)).toEqual([3 * 2 ** 32 + 1, 3 * 2 ** 32 + 2, 3 * 2 ** 32 + 3]);
    expect(passed.map((w) => w.txn.body.type)).toEqual([OpCode.create, OpCode.error, OpCode.create]);
  });

  it('turns a forced failure into an ErrorTxn without looking at the tree', () => {
    const passed: PreparedWrite[] = [];
    const prep = new PrepStage(
      new DataTree<WatchTarget>(),
      () => 0,
      silentLogger,
      { accept: (w) => passed.push(w) },
      new CountingZxidSource(0),
    );
    prep.accept({ ...write('/x'), request: { type: OpCode.error, err: -123 } });
    expect(passed[0]?.txn.body).toEqual({ type: OpCode.error, err: -123 });
  });
});
