import { describe, expect, it } from 'vitest';
import { checkLinearizable } from './check-linearizable';
import type { HistoryOp, ZkInput, ZkOutput } from './history';
import { decodeZkHistory, encodeHistory } from './history-codec';
import { mulberry32, simulateRegisterHistory } from './simulated-register-history';
import { zkRegisterModel } from './zk-register-model';

describe('history text format', () => {
  it('round-trips every input kind, both output shapes and lost outcomes', () => {
    const history: HistoryOp<ZkInput | { kind: 'sync'; path: string }, ZkOutput>[] = [
      {
        client: 1,
        call: 0,
        ret: 1,
        input: { kind: 'create', path: '/a', value: 'x' },
        output: { ok: true, version: 0, zxid: 3 },
      },
      {
        client: 2,
        call: 1,
        ret: 4,
        input: { kind: 'cas', path: '/a', version: 0, value: 'y' },
        output: { ok: false, code: 'BADVERSION' },
      },
      {
        client: 2,
        call: 5,
        ret: Number.POSITIVE_INFINITY,
        input: { kind: 'delete', path: '/a' },
        output: undefined,
      },
      {
        client: 3,
        call: 6,
        ret: 7,
        input: { kind: 'delete', path: '/a', version: 2 },
        output: { ok: false, code: 'NONODE', zxid: 9 },
      },
      { client: 3, call: 8, ret: 9, input: { kind: 'sync', path: '/a' }, output: { ok: true, zxid: 9 } },
      {
        client: 4,
        call: 8,
        ret: 9,
        input: { kind: 'read', path: '/a' },
        output: { ok: true, value: 'y', version: 1 },
      },
      {
        client: 4,
        call: 10,
        ret: 11,
        input: { kind: 'write', path: '/a', value: 'é\n"' },
        output: { ok: true },
      },
    ];
    const text = encodeHistory(history);
    expect(text.split('\n')).toHaveLength(history.length + 1);
    expect(text).toContain('"ret":null');
    expect(decodeZkHistory(text)).toEqual(history);
  });

  it('re-checks a saved simulated history to the same verdict', () => {
    const history = simulateRegisterHistory(mulberry32(7), {
      ops: 300,
      clients: 5,
      paths: 2,
      lostRatio: 0.1,
    });
    history[history.length - 1]!.output = { ok: true, value: 'never-written' };
    const decoded = decodeZkHistory(encodeHistory(history)).flatMap((op) =>
      op.input.kind === 'sync' ? [] : [{ ...op, input: op.input }],
    );
    expect(checkLinearizable(zkRegisterModel, decoded)).toEqual(checkLinearizable(zkRegisterModel, history));
  });

  it('names the line and the field of bad input', () => {
    const good = '{"client":1,"call":0,"ret":1,"input":{"kind":"read","path":"/a"},"output":{"ok":true}}\n';
    expect(() =>
      decodeZkHistory(`${good}{"client":1,"call":0,"ret":1,"input":{"kind":"rename","path":"/a"}}`),
    ).toThrow(/line 2: input.kind "rename"/);
    expect(() =>
      decodeZkHistory('{"client":1,"call":0,"ret":3,"input":{"kind":"read","path":"/a"}}'),
    ).toThrow(/without output must have "ret": null/);
    expect(() =>
      decodeZkHistory(
        '{"client":1,"call":4,"ret":3,"input":{"kind":"read","path":"/a"},"output":{"ok":true}}',
      ),
    ).toThrow(/before call/);
    expect(() =>
      decodeZkHistory('{"client":"1","call":0,"ret":null,"input":{"kind":"read","path":"/a"}}'),
    ).toThrow(/line 1: client must be a finite number/);
    expect(() => decodeZkHistory('not json')).toThrow(/line 1:/);
    expect(() => decodeZkHistory(good.replace('"ok":true', '"ok":false,"code":"BOOM"'))).toThrow(
      /output.code "BOOM"/,
    );
  });
});
