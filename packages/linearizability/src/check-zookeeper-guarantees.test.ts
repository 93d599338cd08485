import { describe, expect, it } from 'vitest';
import { checkLinearizable } from './check-linearizable';
import { checkZooKeeperGuarantees } from './check-zookeeper-guarantees';
import type { HistoryOp, ZkInput, ZkOutput, ZkSessionInput } from './history';
import { zkRegisterModel } from './zk-register-model';

type Op = HistoryOp<ZkSessionInput, ZkOutput>;
const P = '/r';

const op = (client: number, call: number, ret: number, input: ZkSessionInput, output: ZkOutput): Op => ({
  client,
  call,
  ret,
  input,
  output,
});
const lost = (client: number, call: number, input: ZkSessionInput): Op => ({
  client,
  call,
  ret: Number.POSITIVE_INFINITY,
  input,
  output: undefined,
});
const create = (value: string): ZkInput => ({ kind: 'create', path: P, value });
const write = (value: string): ZkInput => ({ kind: 'write', path: P, value });
const read: ZkInput = { kind: 'read', path: P };
const sync: ZkSessionInput = { kind: 'sync', path: P };
const at = (zxid: number): ZkOutput => ({ ok: true, zxid });
const saw = (value: string, zxid: number): ZkOutput => ({ ok: true, value, zxid });

/** Client 1 creates "0" (zxid 1) then writes "1" (zxid 2); both complete by time 4. */
const written = [op(1, 0, 1, create('0'), at(1)), op(1, 2, 4, write('1'), at(2))];

describe('checkZooKeeperGuarantees', () => {
  it('accepts a stale read from another session, which plain linearizability rejects', () => {
    const history = [...written, op(2, 5, 6, read, saw('0', 1))];
    expect(checkZooKeeperGuarantees(history)).toEqual({ outcome: 'ok' });
    const plain = history.flatMap((o) => (o.input.kind === 'sync' ? [] : [{ ...o, input: o.input }]));
    expect(checkLinearizable(zkRegisterModel, plain).outcome).toBe('illegal');
  });

  it('rejects a session whose view goes backwards (e.g. after reconnecting to a lagging member)', () => {
    const history = [...written, op(2, 5, 6, read, saw('1', 2)), op(2, 7, 8, read, saw('0', 1))];
    const result = checkZooKeeperGuarantees(history);
    expect(result.outcome === 'illegal' && result.guarantee).toBe('session-order');
    if (result.outcome === 'illegal') expect(result.ops).toEqual([history[2], history[3]]);
  });

  it('rejects a read that misses its own session’s earlier write', () => {
    const history = [...written, op(1, 5, 6, read, saw('0', 1))];
    const result = checkZooKeeperGuarantees(history);
    expect(result.outcome === 'illegal' && result.guarantee).toBe('session-order');
  });

  it('rejects a read whose value is not the state at its zxid', () => {
    const history = [...written, op(2, 5, 6, read, saw('0', 2))];
    const result = checkZooKeeperGuarantees(history);
    expect(result.outcome === 'illegal' && result.guarantee).toBe('state');
    if (result.outcome !== 'illegal') return;
    expect(result.ops).toEqual([history[2]]);
    expect(result.explanation?.longestPrefix).toEqual(written);
    expect(result.message).toContain('read /r -> ok "0" @zxid 2 does not fit');
  });

  it('rejects an update ordered before one that returned before it was called', () => {
    const history = [op(1, 0, 1, create('0'), at(5)), op(2, 2, 3, write('1'), at(4))];
    const result = checkZooKeeperGuarantees(history);
    expect(result.outcome === 'illegal' && result.guarantee).toBe('update-order');
  });

  it('accepts concurrent updates in either zxid order', () => {
    const history = [
      op(1, 0, 1, create('0'), at(1)),
      op(1, 2, 6, write('a'), at(3)),
      op(2, 3, 5, write('b'), at(2)),
    ];
    expect(checkZooKeeperGuarantees([...history, op(3, 7, 8, read, saw('a', 3))])).toEqual({ outcome: 'ok' });
    expect(checkZooKeeperGuarantees([...history, op(3, 7, 8, read, saw('b', 2))])).toEqual({ outcome: 'ok' });
  });

  it('makes a read after a sync see every write that returned before the sync was called', () => {
    const fresh = [...written, op(2, 5, 6, sync, at(2)), op(2, 7, 8, read, saw('1', 2))];
    expect(checkZooKeeperGuarantees(fresh)).toEqual({ outcome: 'ok' });
    const staleSync = [...written, op(2, 5, 6, sync, at(1)), op(2, 7, 8, read, saw('0', 1))];
    const result = checkZooKeeperGuarantees(staleSync);
    expect(result.outcome === 'illegal' && result.guarantee).toBe('sync');
    // A sync issued while the write is in flight need not cover it.
    const concurrent = [
      op(1, 0, 1, create('0'), at(1)),
      op(1, 2, 9, write('1'), at(2)),
      op(2, 3, 4, sync, at(1)),
    ];
    expect(checkZooKeeperGuarantees(concurrent)).toEqual({ outcome: 'ok' });
  });

  it('skips only the guarantees it is told to skip', () => {
    const staleSync = [...written, op(2, 5, 6, sync, at(1)), op(2, 7, 8, read, saw('0', 1))];
    expect(checkZooKeeperGuarantees(staleSync, {}, { skip: ['sync'] })).toEqual({ outcome: 'ok' });
    // With the sync rule skipped, a read that is stale for its own zxid is still illegal.
    const wrongState = [...written, op(2, 5, 6, sync, at(1)), op(2, 7, 8, read, saw('1', 1))];
    const result = checkZooKeeperGuarantees(wrongState, {}, { skip: ['sync'] });
    expect(result.outcome === 'illegal' && result.guarantee).toBe('state');
  });

  it('places a lost update anywhere after its call, or nowhere', () => {
    const base = [op(1, 0, 1, create('0'), at(1)), lost(1, 2, write('1'))];
    expect(checkZooKeeperGuarantees([...base, op(2, 3, 4, read, saw('1', 2))])).toEqual({ outcome: 'ok' });
    expect(checkZooKeeperGuarantees([...base, op(2, 3, 4, read, saw('0', 7))])).toEqual({ outcome: 'ok' });
    const unhappened = [...base, op(2, 3, 4, read, saw('1', 2)), op(3, 5, 6, read, saw('0', 3))];
    const result = checkZooKeeperGuarantees(unhappened);
    expect(result.outcome === 'illegal' && result.guarantee).toBe('state');
    // It cannot have a zxid below one that had returned before it was called.
    const early = [op(1, 0, 1, create('0'), at(5)), op(2, 1, 2, read, saw('0', 5)), lost(1, 3, write('1'))];
    expect(checkZooKeeperGuarantees([...early, op(2, 4, 5, read, saw('1', 5))]).outcome).toBe('illegal');
  });

  it('cannot judge a completed op without a zxid', () => {
    const result = checkZooKeeperGuarantees([op(1, 0, 1, create('0'), { ok: true })]);
    expect(result.outcome).toBe('unknown');
    if (result.outcome === 'unknown') expect(result.reason).toMatch(/has no zxid/);
  });

  it('passes the budget on to the zxid-order search', () => {
    const history = [...written, op(2, 5, 6, read, saw('1', 2))];
    expect(checkZooKeeperGuarantees(history, { maxSteps: 1 }).outcome).toBe('unknown');
  });
});
