import { describe, expect, it } from 'vitest';
import { checkLinearizable } from './check-linearizable';
import type { HistoryOp, ZkInput, ZkOutput } from './history';
import { zkRegisterModel } from './zk-register-model';

type Op = HistoryOp<ZkInput, ZkOutput>;
const P = '/r';

function done(client: number, call: number, ret: number, input: ZkInput, output: ZkOutput): Op {
  return { client, call, ret, input, output };
}
function lost(client: number, call: number, input: ZkInput): Op {
  return { client, call, ret: Number.POSITIVE_INFINITY, input, output: undefined };
}
const create = (value: string): ZkInput => ({ kind: 'create', path: P, value });
const write = (value: string): ZkInput => ({ kind: 'write', path: P, value });
const cas = (version: number, value: string): ZkInput => ({ kind: 'cas', path: P, version, value });
const read: ZkInput = { kind: 'read', path: P };
const saw = (value: string, version?: number): ZkOutput =>
  version === undefined ? { ok: true, value } : { ok: true, value, version };
const OK: ZkOutput = { ok: true };

const check = (history: Op[]) => checkLinearizable(zkRegisterModel, history);

describe('checkLinearizable with the znode register model', () => {
  it('accepts an empty history and a sequential one', () => {
    expect(check([])).toEqual({ outcome: 'ok' });
    const history = [
      done(1, 0, 1, create('a'), OK),
      done(1, 2, 3, read, saw('a', 0)),
      done(2, 4, 5, write('b'), { ok: true, version: 1 }),
      done(1, 6, 7, read, saw('b', 1)),
    ];
    expect(check(history)).toEqual({ outcome: 'ok' });
  });

  it('rejects a read, after a write completed, that returns the old value (stale read across clients)', () => {
    const history = [
      done(1, 0, 1, create('0'), OK),
      done(1, 2, 5, write('1'), OK),
      done(2, 6, 7, read, saw('0')),
    ];
    const result = check(history);
    expect(result.outcome).toBe('illegal');
    if (result.outcome !== 'illegal') return;
    expect(result.partition).toBe(P);
    expect(result.explanation.stuck).toBe(history[2]);
    expect(result.explanation.longestPrefix).toEqual([history[0], history[1]]);
    expect(result.explanation.stateAfterPrefix).toBe('value "1" version 1');
    expect(result.explanation.message).toContain('read /r -> ok "0"');
  });

  it('accepts either value for reads concurrent with a write', () => {
    const history = [
      done(1, 0, 1, create('0'), OK),
      done(1, 2, 10, write('1'), OK),
      done(2, 3, 4, read, saw('0')),
      done(3, 3, 9, read, saw('1')),
      done(2, 5, 6, read, saw('0')),
    ];
    expect(check(history)).toEqual({ outcome: 'ok' });
  });

  it('rejects a new-old inversion: once one read saw the new value, a later read cannot see the old', () => {
    const history = [
      done(1, 0, 1, create('0'), OK),
      done(1, 2, 10, write('1'), OK),
      done(2, 3, 4, read, saw('1')),
      done(3, 5, 6, read, saw('0')),
    ];
    expect(check(history).outcome).toBe('illegal');
  });

  it('treats touching intervals as concurrent', () => {
    const history = [
      done(1, 0, 1, create('0'), OK),
      done(1, 2, 5, write('1'), OK),
      done(2, 5, 6, read, saw('0')),
    ];
    expect(check(history)).toEqual({ outcome: 'ok' });
  });

  it('checks versions: cas against the version reads reported, and the version a write reports', () => {
    const good = [
      done(1, 0, 1, create('0'), { ok: true, version: 0 }),
      done(1, 2, 3, cas(0, 'x'), { ok: true, version: 1 }),
      done(2, 4, 5, cas(0, 'y'), { ok: false, code: 'BADVERSION' }),
      done(2, 6, 7, read, saw('x', 1)),
    ];
    expect(check(good)).toEqual({ outcome: 'ok' });
    const twoWinners = [...good.slice(0, 2), done(2, 4, 5, cas(0, 'y'), OK)];
    expect(check(twoWinners).outcome).toBe('illegal');
    const wrongVersion = [
      done(1, 0, 1, create('0'), OK),
      done(1, 2, 3, write('1'), { ok: true, version: 5 }),
    ];
    expect(check(wrongVersion).outcome).toBe('illegal');
  });

  it('models create, delete and NONODE', () => {
    const history = [
      done(1, 0, 1, read, { ok: false, code: 'NONODE' }),
      done(1, 2, 3, create('a'), OK),
      done(2, 4, 5, create('b'), { ok: false, code: 'NODEEXISTS' }),
      done(2, 6, 7, { kind: 'delete', path: P, version: 3 }, { ok: false, code: 'BADVERSION' }),
      done(2, 8, 9, { kind: 'delete', path: P, version: 0 }, OK),
      done(1, 10, 11, write('c'), { ok: false, code: 'NONODE' }),
      done(1, 12, 13, create('d'), { ok: true, version: 0 }),
      done(1, 14, 15, read, saw('d', 0)),
    ];
    expect(check(history)).toEqual({ outcome: 'ok' });
    expect(check([done(1, 0, 1, create('a'), { ok: false, code: 'NONODE' })]).outcome).toBe('illegal');
  });

  it('lets an unknown-outcome write take effect at any point after its call, or never', () => {
    const base = [done(1, 0, 1, create('0'), OK), lost(1, 2, write('1'))];
    expect(check([...base, done(2, 10, 11, read, saw('1'))])).toEqual({ outcome: 'ok' });
    expect(check([...base, done(2, 10, 11, read, saw('0'))])).toEqual({ outcome: 'ok' });
    expect(check([...base, done(2, 10, 11, read, saw('0')), done(2, 12, 13, read, saw('1'))])).toEqual({
      outcome: 'ok',
    });
    // Took effect, then un-happened: illegal.
    expect(check([...base, done(2, 10, 11, read, saw('1')), done(2, 12, 13, read, saw('0'))]).outcome).toBe(
      'illegal',
    );
    // It cannot take effect before it was called.
    const early = [done(1, 0, 1, create('0'), OK), done(2, 2, 3, read, saw('1')), lost(1, 4, write('1'))];
    expect(check(early).outcome).toBe('illegal');
  });

  it('never tries a lost op that would change nothing, however many there are', () => {
    const history = [done(1, 0, 1, create('0'), OK)];
    for (let i = 0; i < 40; i++) history.push(lost(2 + i, 2, i % 2 === 0 ? cas(99, `c${i}`) : read));
    history.push(lost(50, 2, write('w')));
    // Without pruning by inclusion, 2^40 subsets of the no-op lost ops would each be a new node.
    const stale = [...history, done(1, 3, 4, read, saw('w')), done(1, 5, 6, read, saw('0'))];
    expect(checkLinearizable(zkRegisterModel, stale, { maxSteps: 100_000 }).outcome).toBe('illegal');
    const fine = [...history, done(1, 3, 4, read, saw('0')), done(1, 5, 6, read, saw('w'))];
    expect(checkLinearizable(zkRegisterModel, fine, { maxSteps: 100_000 }).outcome).toBe('ok');
  });

  it('accepts an unknown-outcome read or a lost create never seen', () => {
    const history = [
      lost(1, 0, create('a')),
      lost(2, 1, read),
      done(3, 2, 3, read, { ok: false, code: 'NONODE' }),
    ];
    expect(check(history)).toEqual({ outcome: 'ok' });
  });

  it('checks partitions independently and names the illegal one', () => {
    const other: ZkInput = { kind: 'create', path: '/other', value: 'z' };
    const history = [
      done(1, 0, 1, other, OK),
      done(1, 2, 3, { kind: 'read', path: '/other' }, saw('z')),
      done(2, 0, 1, create('0'), OK),
      done(2, 2, 3, read, saw('nope')),
    ];
    const result = check(history);
    expect(result.outcome === 'illegal' && result.partition).toBe(P);
  });

  it('returns unknown, not a verdict, when the step budget runs out', () => {
    const history = [
      done(1, 0, 1, create('0'), OK),
      done(1, 2, 3, write('1'), OK),
      done(2, 4, 5, read, saw('1')),
    ];
    const result = checkLinearizable(zkRegisterModel, history, { maxSteps: 2 });
    expect(result).toEqual({ outcome: 'unknown', partition: P, reason: 'step budget of 2 exhausted' });
    expect(checkLinearizable(zkRegisterModel, history, { maxSteps: 100 })).toEqual({ outcome: 'ok' });
  });

  it('returns unknown when the injected clock passes the time budget', () => {
    let now = 0;
    const clock = () => (now += 100); // read every 1024 steps
    const history = [done(1, 0, 1, create('0'), OK)];
    for (let i = 0; i < 3000; i++) history.push(done(2 + (i % 4), 2 + i, 3 + i, read, saw('0')));
    const result = checkLinearizable(zkRegisterModel, history, { timeoutMs: 10, now: clock });
    expect(result.outcome).toBe('unknown');
    if (result.outcome === 'unknown') expect(result.reason).toMatch(/time budget exhausted/);
  });

  it('rejects malformed ops with a message saying what is wrong', () => {
    expect(() => check([{ client: 1, call: 5, ret: 2, input: read, output: OK }])).toThrow(/ret >= call/);
    expect(() => check([{ client: 1, call: 5, ret: 6, input: read, output: undefined }])).toThrow(
      /ret Infinity/,
    );
  });
});
