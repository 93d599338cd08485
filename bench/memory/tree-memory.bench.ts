/**
 * Live memory per znode of the DataTree, in-process:
 *   node --expose-gc --import tsx bench/memory/tree-memory.bench.ts [--nodes=100000,1000000] [--layouts=flat,nested] [--rounds=2] [--restore]
 *
 * Each round builds a tree of N znodes of 100 bytes through prep + apply (each value its own
 * Uint8Array, as the server hands them over), forces GC, and reports the growth of the JS heap
 * plus external memory (ArrayBuffers and other off-heap allocations V8 knows of) minus the data
 * bytes, per znode created (the nested layout's 10 100 parents, with empty data, count as znodes
 * too). Layouts: flat (`/n/<i>`: one parent) and nested (`/a<i%100>/b<(i/100)%100>/n<i>`:
 * 10 000 parents at depth 2). `--restore` measures the same tree after a snapshot round trip
 * (what a server holds after a restart) and the readSnapshot time. Best and median over rounds.
 */
import { OPEN_ACL_UNSAFE, OpCode } from '../../packages/core/src/index';
import { DataTree, readSnapshot, type WriteContext, writeSnapshot } from '../../packages/core/src/tree/index';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key ?? '', value ?? 'true'] as const;
  }),
);
const SIZES = (args.get('nodes') ?? '100000,1000000').split(',').map(Number);
const LAYOUTS = (args.get('layouts') ?? 'flat,nested').split(',') as Layout[];
const ROUNDS = Number(args.get('rounds') ?? 2);
const RESTORE = args.has('restore');
const VALUE_SIZE = 100;
/** /, /zookeeper, /zookeeper/quota, /zookeeper/config: in every tree, not counted. */
const SYSTEM_NODES = 4;

type Layout = 'flat' | 'nested';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const collect = gc;

const acl = OPEN_ACL_UNSAFE.map((e) => ({ perms: e.perms, id: { ...e.id } }));
let zxid = 0;
const ctx = (): WriteContext => ({
  sessionId: 1n,
  cxid: 0,
  zxid: ++zxid,
  time: 1_700_000_000_000 + zxid,
  authIds: [],
});

function create(tree: DataTree, path: string, data: Uint8Array): void {
  const prepared = tree.prep({ type: OpCode.create, path, data, acl, flags: 0 }, ctx());
  if (!prepared.ok) throw new Error(`prep ${path} failed: ${prepared.err}`);
  const result = tree.apply(prepared.txn);
  if (result.err !== 0) throw new Error(`apply ${path} failed: ${result.err}`);
}

function build(layout: Layout, count: number): DataTree {
  const tree = new DataTree();
  const empty = new Uint8Array(0);
  if (layout === 'flat') {
    create(tree, '/n', empty);
    for (let i = 0; i < count; i++) create(tree, `/n/${i}`, new Uint8Array(VALUE_SIZE));
    return tree;
  }
  for (let a = 0; a < 100; a++) {
    create(tree, `/a${a}`, empty);
    for (let b = 0; b < 100; b++) create(tree, `/a${a}/b${b}`, empty);
  }
  for (let i = 0; i < count; i++)
    create(tree, `/a${i % 100}/b${Math.floor(i / 100) % 100}/n${i}`, new Uint8Array(VALUE_SIZE));
  return tree;
}

function live(): number {
  collect();
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

function line(name: string, values: number[], unit: string, digits = 0): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
  return `${name.padEnd(40)} best ${(sorted[0] as number).toFixed(digits).padStart(7)} ${unit}  median ${median.toFixed(digits).padStart(7)} ${unit}  (${values.length} rounds)`;
}

for (const count of SIZES) {
  for (const layout of LAYOUTS) {
    const built: number[] = [];
    const restored: number[] = [];
    const readMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const before = live();
      let tree: DataTree | undefined = build(layout, count);
      const created = tree.nodeCount - SYSTEM_NODES;
      built.push((live() - before - count * VALUE_SIZE) / created);
      if (RESTORE) {
        let chunks: Uint8Array[] | undefined = [...writeSnapshot(tree)];
        const chunkBytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
        tree = undefined;
        const beforeRestore = live();
        const started = performance.now();
        tree = readSnapshot(chunks);
        readMs.push(performance.now() - started);
        chunks = undefined;
        // the chunks are in beforeRestore and collected by now: add them back
        restored.push((live() - beforeRestore + chunkBytes - count * VALUE_SIZE) / created);
      }
      if ((tree?.nodeCount ?? 0) < count) throw new Error('tree lost nodes');
      tree = undefined;
    }
    console.log(
      `${count} znodes of ${VALUE_SIZE} bytes, ${layout}: live memory (heap + external, after GC) beyond the data, per znode`,
    );
    console.log(line('  built through prep + apply', built, 'B'));
    if (RESTORE) {
      console.log(line('  restored by readSnapshot', restored, 'B'));
      console.log(line('  readSnapshot time', readMs, 'ms'));
    }
  }
}
