/**
 * DataTree micro-benchmarks, in-process on one core:
 *   node --expose-gc --import tsx bench/core/tree.bench.ts [--nodes=1000000] [--rounds=5]
 * - getData ops/s through tree.read (ACL check, Stat copy, response object), random and sequential
 * - setData ops/s through prep + apply (pending record, txn, Stat), random and sequential
 * - create+delete pairs/s through prep + apply
 * - heap per znode: 1M znodes of 100 bytes built through prep + apply, heap after global.gc()
 *   minus the data bytes (reported with and without ArrayBuffer memory).
 * - the same for that tree restored from a snapshot (what a server holds after a restart), and
 *   the time readSnapshot takes for it
 */
import { OPEN_ACL_UNSAFE, OpCode } from '../../packages/core/src/index';
import { DataTree, readSnapshot, type WriteContext, writeSnapshot } from '../../packages/core/src/tree/index';

const args = new Map(
  process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]),
);
const HEAP_NODES = Number(args.get('nodes') ?? 1_000_000);
const ROUNDS = Number(args.get('rounds') ?? 5);
const ONLY = args.get('only'); // 'throughput' or 'memory'
const READ_NODES = 100_000;
const OPS = 1_000_000;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) console.warn('run with --expose-gc for the heap figure');

const acl = OPEN_ACL_UNSAFE.map((e) => ({ perms: e.perms, id: { ...e.id } }));
let zxid = 0;
const ctx = (): WriteContext => ({
  sessionId: 1n,
  cxid: 0,
  zxid: ++zxid,
  time: 1_700_000_000_000 + zxid,
  authIds: [],
});

function write(tree: DataTree, request: Parameters<DataTree['prep']>[0]): void {
  const prepared = tree.prep(request, ctx());
  if (!prepared.ok) throw new Error(`prep failed: ${prepared.err}`);
  const result = tree.apply(prepared.txn);
  if (result.err !== 0) throw new Error(`apply failed: ${result.err}`);
}

function pathOf(i: number): string {
  return `/b${i % 1000}/n${i}`;
}

function buildTree(count: number, valueSize: number): DataTree {
  const tree = new DataTree();
  for (let p = 0; p < Math.min(1000, count); p++)
    write(tree, { type: OpCode.create, path: `/b${p}`, data: new Uint8Array(0), acl, flags: 0 });
  for (let i = 0; i < count; i++) {
    write(tree, { type: OpCode.create, path: pathOf(i), data: new Uint8Array(valueSize), acl, flags: 0 });
  }
  return tree;
}

function summary(name: string, values: number[], unit: string): void {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const best = sorted[0] as number;
  const fmt = (n: number) => n.toFixed(0);
  console.log(
    `${name.padEnd(28)} best ${fmt(best).padStart(8)} ${unit}   median ${fmt(median).padStart(8)} ${unit}   (${values.length} rounds)`,
  );
}

// ---------------------------------------------------------------- throughput
// Three access orders: 'hot 1000' (1000 hot znodes, the working set stays in the CPU caches),
// 'sequential' (all znodes in creation order) and 'random' (uniform over all znodes: every lookup
// misses the caches; a bare Map.get with such keys runs at ~3M/s on this machine). Rates are per CPU-second of this process, so that other
// processes on a shared machine do not distort them (wall-clock rates are printed too).
if (ONLY !== 'memory') {
  const tree = buildTree(READ_NODES, 100);
  const session = { sessionId: 1n, authIds: [] };
  const paths = Array.from({ length: READ_NODES }, (_, i) => pathOf(i));
  const orders = {
    'hot 1000': (i: number) => paths[(i % 1000) * 97] as string,
    sequential: (i: number) => paths[i % READ_NODES] as string,
    random: (i: number) => paths[(i * 7919) % READ_NODES] as string,
  };
  let sink = 0;
  const value = new Uint8Array(100);
  const results = new Map<string, { cpu: number[]; wall: number[] }>();
  const record = (name: string, ops: number, fn: () => void) => {
    const entry = results.get(name) ?? { cpu: [], wall: [] };
    results.set(name, entry);
    const cpu0 = process.cpuUsage();
    const wall0 = process.hrtime.bigint();
    fn();
    const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    entry.cpu.push(ops / ((cpu.user + cpu.system) / 1e6));
    entry.wall.push(ops / wall);
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [order, pick] of Object.entries(orders)) {
      const reads = Array.from(
        { length: READ_NODES },
        (_, i) => ({ type: OpCode.getData, path: pick(i), watch: false }) as const,
      );
      record(`getData, ${order}`, OPS * 2, () => {
        for (let i = 0; i < OPS * 2; i++) {
          const response = tree.read(reads[i % READ_NODES] as (typeof reads)[number], session);
          if (typeof response !== 'number' && response.type === OpCode.getData)
            sink += response.stat.dataLength;
        }
      });
      record(`setData prep+apply, ${order}`, OPS / 2, () => {
        for (let i = 0; i < OPS / 2; i++)
          write(tree, { type: OpCode.setData, path: pick(i), data: value, version: -1 });
      });
    }
    const pairs = OPS / 8;
    record('create+delete pairs', pairs, () => {
      for (let i = 0; i < pairs; i++) {
        const path = `/b${i % 1000}/tmp${i}`;
        write(tree, { type: OpCode.create, path, data: value, acl, flags: 0 });
        write(tree, { type: OpCode.delete, path, version: -1 });
      }
    });
  }
  if (sink === 42) console.log('');
  console.log(
    `DataTree with ${READ_NODES} znodes of 100 bytes, ${ROUNDS} rounds (per CPU-second; wall-clock in brackets)`,
  );
  for (const [name, { cpu, wall }] of results) {
    const sorted = [...cpu].sort((a, b) => a - b);
    const wallSorted = [...wall].sort((a, b) => a - b);
    const m = (n: number) => `${(n / 1e6).toFixed(2)}M`;
    console.log(
      `${name.padEnd(32)} best ${m(sorted[sorted.length - 1] as number).padStart(6)} ops/s  median ${m(sorted[Math.floor(sorted.length / 2)] as number).padStart(6)} ops/s  [wall best ${m(wallSorted[wallSorted.length - 1] as number)}, median ${m(wallSorted[Math.floor(wallSorted.length / 2)] as number)}]`,
    );
  }
}

// ---------------------------------------------------------------- memory
if (gc !== undefined && ONLY !== 'throughput') {
  const perNode: number[] = [];
  const perNodeWithBuffers: number[] = [];
  for (let round = 0; round < Math.min(ROUNDS, 2); round++) {
    gc();
    gc();
    const before = process.memoryUsage();
    let tree: DataTree | undefined = buildTree(HEAP_NODES, 100);
    gc();
    gc();
    const after = process.memoryUsage();
    const dataBytes = HEAP_NODES * 100;
    const nodes = tree.nodeCount;
    perNode.push((after.heapUsed - before.heapUsed) / HEAP_NODES);
    perNodeWithBuffers.push(
      (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers - dataBytes) / HEAP_NODES,
    );
    if (nodes < HEAP_NODES) throw new Error('tree lost nodes');
    tree = undefined;
  }
  console.log(`heap per znode, ${HEAP_NODES} znodes of 100 bytes (own Uint8Array each):`);
  summary('  JS heap (data off-heap)', perNode, 'bytes');
  summary('  heap + ArrayBuffers − data', perNodeWithBuffers, 'bytes');
}

// ---------------------------------------------------------------- memory after a restore
if (gc !== undefined && ONLY !== 'throughput') {
  const perNode: number[] = [];
  const perNodeWithBuffers: number[] = [];
  const readMs: number[] = [];
  for (let round = 0; round < Math.min(ROUNDS, 2); round++) {
    let original: DataTree | undefined = buildTree(HEAP_NODES, 100);
    let chunks: Uint8Array[] | undefined = [...writeSnapshot(original)];
    const chunkBytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    original = undefined;
    gc();
    gc();
    const before = process.memoryUsage();
    const started = performance.now();
    let tree: DataTree | undefined = readSnapshot(chunks);
    readMs.push(performance.now() - started);
    chunks = undefined;
    gc();
    gc();
    const after = process.memoryUsage();
    const dataBytes = HEAP_NODES * 100;
    if (tree.nodeCount < HEAP_NODES) throw new Error('tree lost nodes');
    perNode.push((after.heapUsed - before.heapUsed) / HEAP_NODES);
    // the chunks were counted in `before` and are gone from `after`
    perNodeWithBuffers.push(
      (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers + chunkBytes - dataBytes) /
        HEAP_NODES,
    );
    tree = undefined;
  }
  console.log(`heap per znode, the same tree restored from a snapshot (readSnapshot):`);
  summary('  JS heap (data off-heap)', perNode, 'bytes');
  summary('  heap + ArrayBuffers − data', perNodeWithBuffers, 'bytes');
  summary('  readSnapshot time', readMs, 'ms');
}
