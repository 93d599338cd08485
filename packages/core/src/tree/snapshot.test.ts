import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpCode } from '../constants';
import { DecodeError, NULL_DATA } from './binary';
import type { DataTree } from './data-tree';
import { treeDigest } from './digest';
import { readSnapshot, readSnapshotStream, SnapshotReader, snapshotBytes, writeSnapshot } from './snapshot';
import { fcParams, type Step, stepArb } from './test-arbitraries';
import { Harness, S1, S2 } from './test-harness';
import type { Txn } from './txn';

/** Runs steps through prep + apply and returns the txns that were applied, in order. */
function run(h: Harness, steps: readonly Step[]): Txn[] {
  const txns: Txn[] = [];
  for (const step of steps) {
    const prepared = h.prep(step.request, { session: step.session });
    if (!prepared.ok) continue;
    h.tree.apply(prepared.txn);
    txns.push(prepared.txn);
  }
  return txns;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Everything observable about a tree, beyond the digest. */
function observable(tree: DataTree<unknown>) {
  const nodes = [...tree.nodes.keys()]
    .sort()
    .map((path) => [path, tree.stat(path), tree.aclOf(path), (tree.node(path)?.childNames() ?? []).sort()]);
  return {
    nodes,
    ephemerals: [S1, S2].map((s) => tree.getEphemerals(s).sort()),
    counts: { ...tree.counts(), aclLists: 0 },
    sessions: [...tree.knownSessions()].sort(),
    lastProcessedZxid: tree.lastProcessedZxid,
  };
}

describe('snapshot', () => {
  it('round-trips a tree: same digest, Stats, ACLs, ephemerals, sessions and quota roots', () => {
    const h = new Harness({ extendedTypesEnabled: true });
    h.ok(h.create('/a', 'data'));
    h.ok(h.create('/a/e', '', 1), { session: S2 });
    h.ok(h.create('/a/s-', '', 2));
    h.ok(h.createContainer('/c'));
    h.ok(h.createTTL('/t', 1234));
    h.ok(h.setACL('/a', [{ perms: 15, id: { scheme: 'world', id: 'anyone' } }]));
    h.ok(h.create('/zookeeper/quota/a'));
    h.ok(h.create('/zookeeper/quota/a/zookeeper_limits', 'count=10,bytes=-1'));
    h.ok(h.create('/zookeeper/quota/a/zookeeper_stats', ''));
    h.write({ type: OpCode.createSession, timeOut: 9000 }, { session: S2 });
    const copy = readSnapshot(writeSnapshot(h.tree, { chunkSize: 64 }), { extendedTypesEnabled: true });
    expect(treeDigest(copy)).toBe(treeDigest(h.tree));
    expect(observable(copy)).toEqual(observable(h.tree));
    expect([...copy.quotaRoots]).toEqual(['/a']);
    expect(copy.counts().containers).toBe(1);
    expect(copy.counts().ttls).toBe(1);
    // the copy keeps working like the original
    h.ok(h.create('/a/x', '12'));
    const after = readSnapshot(snapshotBytes(h.tree));
    expect(after.stat('/a')).toEqual(h.tree.stat('/a'));
  });

  it('keeps null data apart from empty data', () => {
    const h = new Harness();
    h.ok({
      type: OpCode.create,
      path: '/null',
      data: NULL_DATA,
      acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
      flags: 0,
    });
    h.ok(h.create('/empty'));
    const copy = readSnapshot(snapshotBytes(h.tree));
    expect(copy.node('/null')?.data).toBe(NULL_DATA);
    expect(copy.node('/empty')?.data).not.toBe(NULL_DATA);
  });

  it('writes the data of each znode from its slab, after a name of either width', () => {
    const h = new Harness();
    h.ok(h.create('/latin-é', 'after a one-byte-per-char name'));
    h.ok(h.create('/wide-\u4e2d\u6587', 'after a two-byte-per-char name'));
    h.ok(h.create('/wide-\u4e2d\u6587/child', 'x'.repeat(3000)));
    const copy = readSnapshot(snapshotBytes(h.tree));
    const text = (data: Uint8Array | undefined) => new TextDecoder().decode(data);
    expect(text(copy.node('/latin-é')?.data)).toBe('after a one-byte-per-char name');
    expect(text(copy.node('/wide-\u4e2d\u6587')?.data)).toBe('after a two-byte-per-char name');
    expect(text(copy.node('/wide-\u4e2d\u6587/child')?.data)).toBe('x'.repeat(3000));
    expect(treeDigest(copy)).toBe(treeDigest(h.tree));
  });

  it('streams several chunks ending with the checksum', () => {
    const h = new Harness();
    for (let i = 0; i < 200; i++) h.ok(h.create(`/n${i}`, 'x'.repeat(50)));
    const chunks = [...writeSnapshot(h.tree, { chunkSize: 1024 })];
    expect(chunks.length).toBeGreaterThan(5);
    expect(treeDigest(readSnapshot(chunks))).toBe(treeDigest(h.tree));
  });

  it('rejects damaged snapshots with typed errors', () => {
    const h = new Harness();
    h.ok(h.create('/a', 'x'));
    const good = snapshotBytes(h.tree);
    const kind = (input: Uint8Array) => {
      try {
        readSnapshot(input);
        return 'read';
      } catch (error) {
        return error instanceof DecodeError ? error.kind : 'untyped';
      }
    };
    expect(kind(good)).toBe('read');
    const flipped = good.slice();
    flipped[20] = (flipped[20] as number) ^ 1;
    expect(kind(flipped)).toBe('bad-checksum');
    expect(kind(good.subarray(0, 3))).toBe('truncated');
    expect(kind(good.subarray(0, good.length - 1))).toBe('truncated');
    expect(kind(new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1]))).toBe('bad-magic');
    const badChecksum = good.slice();
    badChecksum[good.length - 1] = (badChecksum[good.length - 1] as number) ^ 1;
    expect(kind(badChecksum)).toBe('bad-checksum');
    expect(kind(concatBytes(good, Uint8Array.of(7)))).toBe('trailing-bytes');
  });

  it('rejects a version 1 snapshot (JavaScript Adler-32) with a message that says why', () => {
    const h = new Harness();
    const old = snapshotBytes(h.tree).slice();
    new DataView(old.buffer).setInt32(4, 1);
    expect(() => readSnapshot(old)).toThrow(/unsupported snapshot version 1 .*earlier zkts/);
  });

  it('parses chunk by chunk: damage in the first chunk is reported before the rest arrives', () => {
    const h = new Harness();
    for (let i = 0; i < 100; i++) h.ok(h.create(`/n${i}`, 'x'.repeat(50)));
    const chunks = [...writeSnapshot(h.tree, { chunkSize: 512 })];
    const first = (chunks[0] as Uint8Array).slice();
    first[0] = 0;
    const reader = new SnapshotReader();
    expect(() => reader.push(first)).toThrow(expect.objectContaining({ kind: 'bad-magic' }));
  });

  it('reads any split of the stream, records cut across chunks included (property)', () => {
    const h = new Harness({ extendedTypesEnabled: true });
    h.ok(h.create('/a', 'data'));
    h.ok(h.create('/a/e', 'é'.repeat(40), 1), { session: S2 });
    for (let i = 0; i < 30; i++) h.ok(h.create(`/a/n${i}`, 'v'.repeat(i * 7)));
    h.write({ type: OpCode.createSession, timeOut: 9000 }, { session: S2 });
    const bytes = snapshotBytes(h.tree);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }),
        (cuts) => {
          const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const pieces = at.slice(1).map((end, i) => bytes.slice(at[i], end));
          const copy = readSnapshot(pieces, { extendedTypesEnabled: true });
          expect(observable(copy)).toEqual(observable(h.tree));
        },
      ),
      fcParams(100),
    );
  });

  it('damaged bytes, any split: a DecodeError, never another error (property)', () => {
    const h = new Harness({ extendedTypesEnabled: true });
    h.ok(h.create('/a', 'data'));
    h.ok(h.create('/a/e', 'é', 1), { session: S2 });
    for (let i = 0; i < 20; i++) h.ok(h.create(`/a/n${i}`, 'v'.repeat(i * 5)));
    const bytes = snapshotBytes(h.tree);
    fc.assert(
      fc.property(
        // distinct positions, each changed (xor ≠ 0): the input really is damaged
        fc.uniqueArray(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 4,
          selector: ([at]) => at,
        }),
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 8 }),
        (flips, cuts) => {
          const damaged = bytes.slice();
          for (const [at, xor] of flips) damaged[at] = (damaged[at] as number) ^ xor;
          const at = [0, ...cuts.sort((a, b) => a - b), damaged.length];
          const pieces = at.slice(1).map((end, i) => damaged.subarray(at[i], end));
          expect(() => readSnapshot(pieces)).toThrow(DecodeError);
        },
      ),
      fcParams(300),
    );
  });

  it('keeps znode data in shared slabs, not in the chunks it read (which may be reused)', () => {
    const h = new Harness();
    for (let i = 0; i < 50; i++) h.ok(h.create(`/n${i}`, `value-${i}`.repeat(10)));
    const chunks = [...writeSnapshot(h.tree, { chunkSize: 256 })];
    const copy = readSnapshot(chunks);
    for (const chunk of chunks) chunk.fill(0xee);
    for (let i = 0; i < 50; i++) {
      expect(new TextDecoder().decode(copy.node(`/n${i}`)?.data)).toBe(`value-${i}`.repeat(10));
    }
    // one ArrayBuffer for many znodes
    expect(copy.node('/n1')?.data.buffer).toBe(copy.node('/n2')?.data.buffer);
    expect(chunks.some((chunk) => chunk.buffer === copy.node('/n1')?.data.buffer)).toBe(false);
  });

  it('reads a stream and fails the load when the checksum at its end does not match', async () => {
    const h = new Harness();
    for (let i = 0; i < 100; i++) h.ok(h.create(`/n${i}`, 'x'.repeat(50)));
    const chunks = [...writeSnapshot(h.tree, { chunkSize: 512 })];
    async function* stream(damage: boolean) {
      for (const [i, chunk] of chunks.entries()) {
        const copy = chunk.slice();
        if (damage && i === 3) copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 0x40;
        yield copy;
      }
    }
    expect(treeDigest(await readSnapshotStream(stream(false)))).toBe(treeDigest(h.tree));
    await expect(readSnapshotStream(stream(true))).rejects.toThrow(/checksum mismatch/);
  });

  it('round-trips random trees (property)', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        const h = new Harness({ extendedTypesEnabled: true });
        run(h, steps);
        const copy = readSnapshot(writeSnapshot(h.tree, { chunkSize: 128 }), { extendedTypesEnabled: true });
        expect(treeDigest(copy)).toBe(treeDigest(h.tree));
        expect(observable(copy)).toEqual(observable(h.tree));
      }),
      fcParams(100),
    );
  });

  it('converges when the log is replayed over a fuzzy snapshot taken while txns were applied (property)', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 40 }),
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 16, max: 200 }),
        (before, during, chunkSize) => {
          const h = new Harness({ extendedTypesEnabled: true });
          run(h, before);
          // start the snapshot, applying one more txn after every chunk the writer hands out
          const snapshot = writeSnapshot(h.tree, { chunkSize });
          const chunks: Uint8Array[] = [];
          const log: Txn[] = [];
          let next = 0;
          for (const chunk of snapshot) {
            chunks.push(chunk);
            const step = during[next++];
            if (step !== undefined) log.push(...run(h, [step]));
          }
          log.push(...run(h, during.slice(next)));
          const restored = readSnapshot(chunks, { extendedTypesEnabled: true });
          const from = restored.lastProcessedZxid;
          for (const txn of log) if (txn.zxid > from) restored.apply(txn);
          expect(treeDigest(restored)).toBe(treeDigest(h.tree));
          expect(observable(restored).nodes).toEqual(observable(h.tree).nodes);
          expect(observable(restored).ephemerals).toEqual(observable(h.tree).ephemerals);
        },
      ),
      fcParams(150),
    );
  });
});
