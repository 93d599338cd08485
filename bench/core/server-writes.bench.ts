/**
 * The tree's share of the server's write path, as bench/server/load.ts drives it: 16 hot znodes
 * (`/bench/n-<session>`), each setData value a fresh 100-byte buffer (as the server copies it
 * out of the socket), prepared one by one and applied in batches of 256 (the requests in
 * flight), and sequential creates under `/bench/c`. CPU per op (process.cpuUsage), best and
 * median over alternating rounds, for this checkout's tree and for another copy's
 * (`--before <dir>`, e.g. the sources before the node store).
 *
 *   node --import tsx bench/core/server-writes.bench.ts [--before <dir>] [--ops 500000] [--rounds 7]
 */
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined;
const OPS = Number(option('ops') ?? 500_000);
const ROUNDS = Number(option('rounds') ?? 7);
const BEFORE = option('before');
const HOT = 16;
const IN_FLIGHT = 256;

interface TreeModule {
  DataTree: new () => {
    prep(request: unknown, ctx: unknown): { ok: boolean; txn?: unknown };
    apply(txn: unknown): { err: number };
  };
}

async function load(root: string): Promise<TreeModule> {
  return (await import(join(root, 'packages/core/src/tree/index.ts'))) as TreeModule;
}

const OPEN = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const value = new Uint8Array(100).fill(0x61);

/** CPU µs per op of `ops` setData (or create) through prep + batched apply on a fresh tree. */
function run(module: TreeModule, op: 'set' | 'create'): number {
  const tree = new module.DataTree();
  let zxid = 0;
  const ctx = () => ({ sessionId: 1n, cxid: 0, zxid: ++zxid, time: Date.now(), authIds: [] });
  const write = (request: unknown) => {
    const prepared = tree.prep(request, ctx());
    if (!prepared.ok) throw new Error('prep failed');
    return prepared.txn;
  };
  tree.apply(write({ type: 1, path: '/bench', data: new Uint8Array(), acl: OPEN, flags: 0 }));
  tree.apply(write({ type: 1, path: '/bench/c', data: new Uint8Array(), acl: OPEN, flags: 0 }));
  for (let i = 0; i < HOT; i++)
    tree.apply(write({ type: 1, path: `/bench/n-${i}`, data: value, acl: OPEN, flags: 0 }));
  const paths = Array.from({ length: HOT }, (_, i) => `/bench/n-${i}`);
  const started = process.cpuUsage();
  const batch: unknown[] = [];
  for (let i = 0; i < OPS; i++) {
    const data = new Uint8Array(new ArrayBuffer(100));
    data.set(value);
    batch.push(
      op === 'set'
        ? write({ type: 5, path: paths[i % HOT], data, version: -1 })
        : write({ type: 1, path: '/bench/c/s-', data, acl: OPEN, flags: 2 }),
    );
    if (batch.length === IN_FLIGHT || i === OPS - 1) {
      for (const txn of batch) if (tree.apply(txn).err !== 0) throw new Error('apply failed');
      batch.length = 0;
    }
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / OPS;
}

const trees: Array<[string, TreeModule]> = [['now', await load(new URL('../..', import.meta.url).pathname)]];
if (BEFORE !== undefined) trees.push(['before', await load(BEFORE)]);
const results = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, module] of round % 2 ? [...trees].reverse() : trees) {
    for (const op of ['set', 'create'] as const) {
      const key = `${op} ${name}`;
      const micros = run(module, op);
      results.set(key, [...(results.get(key) ?? []), micros]);
    }
  }
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
for (const [key, values] of results) {
  console.log(
    `${key.padEnd(14)} best ${Math.min(...values).toFixed(3)} µs/op, median ${median(values).toFixed(3)} µs/op`,
  );
}
