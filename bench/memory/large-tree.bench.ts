/**
 * A DataTree of 10 million znodes, in-process (one round; a few minutes, ~4 GB of memory):
 *   node --expose-gc --max-old-space-size=8192 --import tsx bench/memory/large-tree.bench.ts [--nodes=10000000] [--small=100000]
 *
 * Builds the tree through prep + apply (nested: `/a<i%100>/b<(i/100)%100>/n<i>`, 100-byte values)
 * and reports: create rate and the longest single create (the path index doubling, a new record
 * page); live memory beyond the data per znode; getData and setData (prep + apply) rates and
 * per-op p99 at random paths, against the same on a `--small` tree; the time to write a snapshot
 * and to read it back, and the restored tree's live memory per znode.
 */
import { OPEN_ACL_UNSAFE, OpCode } from '../../packages/core/src/index';
import { DataTree, readSnapshot, type WriteContext, writeSnapshot } from '../../packages/core/src/tree/index';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key ?? '', value ?? 'true'] as const;
  }),
);
const NODES = Number(args.get('nodes') ?? 10_000_000);
const SMALL = Number(args.get('small') ?? 100_000);
const OPS = 200_000;
const VALUE_SIZE = 100;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const collect = gc;
function live(): number {
  collect();
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

const acl = OPEN_ACL_UNSAFE.map((e) => ({ perms: e.perms, id: { ...e.id } }));
let zxid = 0;
const ctx = (): WriteContext => ({
  sessionId: 1n,
  cxid: 0,
  zxid: ++zxid,
  time: 1_700_000_000_000 + zxid,
  authIds: [],
});
const pathOf = (i: number) => `/a${i % 100}/b${Math.floor(i / 100) % 100}/n${i}`;

function write(tree: DataTree, request: Parameters<DataTree['prep']>[0]): void {
  const prepared = tree.prep(request, ctx());
  if (!prepared.ok) throw new Error(`prep failed: ${prepared.err}`);
  const result = tree.apply(prepared.txn);
  if (result.err !== 0) throw new Error(`apply failed: ${result.err}`);
}

function build(count: number): { tree: DataTree; seconds: number; longestMs: number } {
  const tree = new DataTree();
  const empty = new Uint8Array(0);
  for (let a = 0; a < 100; a++) {
    write(tree, { type: OpCode.create, path: `/a${a}`, data: empty, acl, flags: 0 });
    for (let b = 0; b < 100; b++)
      write(tree, { type: OpCode.create, path: `/a${a}/b${b}`, data: empty, acl, flags: 0 });
  }
  let longestMs = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    write(tree, { type: OpCode.create, path: pathOf(i), data: new Uint8Array(VALUE_SIZE), acl, flags: 0 });
    const ms = performance.now() - t0;
    if (ms > longestMs) longestMs = ms;
    if (i > 0 && i % 2_000_000 === 0) process.stderr.write(`  ${i} znodes\n`);
  }
  return { tree, seconds: (performance.now() - started) / 1000, longestMs };
}

/** Random getData and setData over `count` znodes: ops/s and per-op p99 in µs. */
function serve(tree: DataTree, count: number): { get: number; getP99: number; set: number; setP99: number } {
  const session = { sessionId: 1n, authIds: [] };
  const value = new Uint8Array(VALUE_SIZE);
  const paths = Array.from({ length: OPS }, (_, i) => pathOf(Math.floor(((i * 2654435761) >>> 0) % count)));
  const times = new Float64Array(OPS);
  const p99 = () => [...times].sort((a, b) => a - b)[Math.floor(OPS * 0.99)] as number;
  let sink = 0;
  let started = performance.now();
  for (let i = 0; i < OPS; i++) {
    const t0 = performance.now();
    const response = tree.read({ type: OpCode.getData, path: paths[i] as string, watch: false }, session);
    if (typeof response !== 'number' && response.type === OpCode.getData) sink += response.stat.dataLength;
    times[i] = performance.now() - t0;
  }
  const get = OPS / ((performance.now() - started) / 1000);
  const getP99 = p99() * 1000;
  started = performance.now();
  for (let i = 0; i < OPS; i++) {
    const t0 = performance.now();
    write(tree, { type: OpCode.setData, path: paths[i] as string, data: value, version: -1 });
    times[i] = performance.now() - t0;
  }
  const set = OPS / ((performance.now() - started) / 1000);
  if (sink === 42) console.log('');
  return { get, getP99, set, setP99: p99() * 1000 };
}

const k = (n: number) => `${(n / 1000).toFixed(0)}k`;
{
  const small = build(SMALL);
  const rates = serve(small.tree, SMALL);
  console.log(
    `${SMALL} znodes: getData ${k(rates.get)}/s (p99 ${rates.getP99.toFixed(1)} µs), setData ${k(rates.set)}/s (p99 ${rates.setP99.toFixed(1)} µs)`,
  );
}
/** Builds the big tree, measures it, and returns its snapshot (the tree itself goes out of scope). */
function buildAndSnapshot(): { chunks: Uint8Array[]; count: number } {
  const before = live();
  const built = build(NODES);
  const tree = built.tree;
  const perZnode = (live() - before - NODES * VALUE_SIZE) / NODES;
  console.log(
    `${NODES} znodes built in ${built.seconds.toFixed(1)} s (${k(NODES / built.seconds)}/s, longest create ${built.longestMs.toFixed(0)} ms); live memory beyond the data ${perZnode.toFixed(0)} B/znode`,
  );
  const rates = serve(tree, NODES);
  console.log(
    `${NODES} znodes: getData ${k(rates.get)}/s (p99 ${rates.getP99.toFixed(1)} µs), setData ${k(rates.set)}/s (p99 ${rates.setP99.toFixed(1)} µs)`,
  );
  const started = performance.now();
  const chunks = [...writeSnapshot(tree)];
  const bytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  console.log(
    `snapshot written in ${((performance.now() - started) / 1000).toFixed(1)} s (${(bytes / 2 ** 20).toFixed(0)} MiB)`,
  );
  return { chunks, count: tree.nodeCount };
}

let snapshot: { chunks: Uint8Array[]; count: number } | undefined = buildAndSnapshot();
const chunkBytes = snapshot.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
const count = snapshot.count;
const beforeRestore = live();
const started = performance.now();
const restored = readSnapshot(snapshot.chunks);
const readSeconds = (performance.now() - started) / 1000;
snapshot = undefined;
const restoredPerZnode = (live() - beforeRestore + chunkBytes - NODES * VALUE_SIZE) / NODES;
if (restored.nodeCount !== count) throw new Error(`restored ${restored.nodeCount} of ${count} znodes`);
console.log(
  `snapshot read in ${readSeconds.toFixed(1)} s; restored tree: live memory beyond the data ${restoredPerZnode.toFixed(0)} B/znode`,
);
