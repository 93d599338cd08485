import { OpCode } from '@zkts/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setWatchesBatches } from './set-watches-batches';

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const empty = { data: [], exist: [], child: [], persistent: [], recursive: [] };

describe('setWatchesBatches', () => {
  it('nothing to re-register, no request', () => {
    expect(setWatchesBatches(empty, 5)).toEqual([]);
  });

  it('setWatches (101) without persistent watches, setWatches2 (105) with', () => {
    expect(setWatchesBatches({ ...empty, data: ['/a'] }, 5)[0]?.type).toBe(OpCode.setWatches);
    const [batch] = setWatchesBatches({ ...empty, data: ['/a'], recursive: ['/r'] }, 5);
    expect(batch).toEqual({
      type: OpCode.setWatches2,
      request: {
        relativeZxid: 5,
        dataWatches: ['/a'],
        existWatches: [],
        childWatches: [],
        persistentWatches: [],
        persistentRecursiveWatches: ['/r'],
      },
    });
  });

  it('every path goes out exactly once, in order, and no batch exceeds the limit (unless one path alone does)', () => {
    const path = fc.stringMatching(/^\/[a-zé]{1,40}$/);
    fc.assert(
      fc.property(
        fc.record({
          data: fc.array(path, { maxLength: 60 }),
          exist: fc.array(path, { maxLength: 60 }),
          child: fc.array(path, { maxLength: 60 }),
          persistent: fc.array(path, { maxLength: 20 }),
          recursive: fc.array(path, { maxLength: 20 }),
        }),
        fc.integer({ min: 20, max: 600 }),
        (paths, limit) => {
          const batches = setWatchesBatches(paths, 9, limit);
          const joined = {
            data: [] as string[],
            exist: [] as string[],
            child: [] as string[],
            persistent: [] as string[],
            recursive: [] as string[],
          };
          for (const { request } of batches) {
            joined.data.push(...request.dataWatches);
            joined.exist.push(...request.existWatches);
            joined.child.push(...request.childWatches);
            joined.persistent.push(...request.persistentWatches);
            joined.recursive.push(...request.persistentRecursiveWatches);
            const all = [
              ...request.dataWatches,
              ...request.existWatches,
              ...request.childWatches,
              ...request.persistentWatches,
              ...request.persistentRecursiveWatches,
            ];
            const size = all.reduce((sum, p) => sum + Buffer.byteLength(p) + 4, 0);
            expect(all.length).toBeGreaterThan(0);
            expect(size <= limit || all.length === 1).toBe(true);
            expect(request.relativeZxid).toBe(9);
          }
          expect(joined).toEqual(paths);
        },
      ),
      { ...(seed === undefined ? {} : { seed }), numRuns: 200 },
    );
  });

  it('splits 10 000 long paths into requests under 128 KB of paths each', () => {
    const data = Array.from(
      { length: 10_000 },
      (_, i) => `/some/rather/long/path/for/a/watch/${i.toString().padStart(20, '0')}`,
    );
    const batches = setWatchesBatches({ ...empty, data }, 1);
    expect(batches.length).toBe(5); // 10 000 × 59 bytes over 128 KB
    for (const { request } of batches) {
      const size = request.dataWatches.reduce((sum, p) => sum + p.length + 4, 0);
      expect(size).toBeLessThanOrEqual(128 * 1024);
    }
  });
});
