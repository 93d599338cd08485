import { describe, expect, it } from 'vitest';
import type { ZkInput, ZkOutput } from './history';
import { HistoryRecorder } from './history-recorder';

const read: ZkInput = { kind: 'read', path: '/a' };

describe('HistoryRecorder', () => {
  it('records calls, results and lost outcomes in invocation order', () => {
    const rec = new HistoryRecorder<ZkInput, ZkOutput>();
    const first = rec.invoke(1, read, 10);
    const second = rec.invoke(2, { kind: 'write', path: '/a', value: 'x' }, 11);
    const third = rec.invoke(3, read, 12);
    rec.complete(second, { ok: true, zxid: 4 }, 15);
    rec.unknown(first);
    expect(rec.history()).toEqual([
      { client: 1, input: read, output: undefined, call: 10, ret: Number.POSITIVE_INFINITY },
      {
        client: 2,
        input: { kind: 'write', path: '/a', value: 'x' },
        output: { ok: true, zxid: 4 },
        call: 11,
        ret: 15,
      },
      { client: 3, input: read, output: undefined, call: 12, ret: Number.POSITIVE_INFINITY },
    ]);
    // Never completed: unknown until it completes.
    rec.complete(third, { ok: false, code: 'NONODE' }, 20);
    expect(rec.history()[2]?.ret).toBe(20);
  });

  it('refuses to settle an op twice or before its call', () => {
    const rec = new HistoryRecorder<ZkInput, ZkOutput>();
    const op = rec.invoke(1, read, 10);
    expect(() => rec.complete(op, { ok: true }, 9)).toThrow(/before its call/);
    rec.complete(op, { ok: true }, 11);
    expect(() => rec.unknown(op)).toThrow(/already completed/);
  });

  it('hands out copies, so later completions do not rewrite a saved history', () => {
    const rec = new HistoryRecorder<ZkInput, ZkOutput>();
    const op = rec.invoke(1, read, 1);
    const saved = rec.history();
    rec.complete(op, { ok: true }, 2);
    expect(saved[0]?.output).toBeUndefined();
  });
});
