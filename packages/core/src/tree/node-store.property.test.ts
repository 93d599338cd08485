import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NULL_DATA } from './binary';
import { NO_OWNER } from './ephemeral-type';
import { NONE, NodeStore, ROOT } from './node-store';
import { hashPath } from './path-hash';
import { parentPath } from './paths';
import { fcParams } from './test-arbitraries';

/** Slabs of 512 bytes: rolled over and compacted every few ops. */
const TINY_SLAB = 512;
/** Names that collide often, with latin1 (é) and wider (ж, 中) characters. */
const nameArb = fc.constantFrom('a', 'b', 'é', 'ж中', 'long-name-'.repeat(3));
const dataArb = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant(NULL_DATA) },
  // a blob of its own (at least a quarter slab)
  {
    weight: 1,
    arbitrary: fc.integer({ min: TINY_SLAB / 4, max: TINY_SLAB }).map((n) => new Uint8Array(n).fill(7)),
  },
);
const opArb = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    pick: fc.nat(),
    name: nameArb,
    data: dataArb,
    owner: fc.boolean(),
  }),
  fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), pick: fc.nat(), data: dataArb }),
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

interface ModelNode {
  data: Uint8Array;
  owner: bigint;
  children: string[];
}

/** The obvious model: nodes by path, children in creation order. */
class Model {
  readonly nodes = new Map<string, ModelNode>([
    ['/', { data: new Uint8Array(0), owner: NO_OWNER, children: [] }],
  ]);

  paths(): string[] {
    return [...this.nodes.keys()];
  }
}

function join(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Applies `op` to the store and the model alike; returns a read of some data for the immutability check. */
function step(store: NodeStore, model: Model, op: Op, zxid: number): void {
  const paths = model.paths();
  const path = paths[op.pick % paths.length] as string;
  const node = model.nodes.get(path) as ModelNode;
  if (op.op === 'create') {
    const child = join(path, op.name);
    if (model.nodes.has(child)) return;
    const owner = op.owner ? BigInt(zxid) : NO_OWNER;
    store.insert(store.find(path), child, hashPath(child), op.data, 1, zxid, zxid, owner);
    model.nodes.set(child, { data: op.data.slice(), owner, children: [] });
    node.children.push(op.name);
  } else if (op.op === 'remove') {
    if (path === '/' || node.children.length > 0) return;
    store.remove(store.find(path));
    model.nodes.delete(path);
    const parent = model.nodes.get(parentPath(path)) as ModelNode;
    parent.children.splice(parent.children.indexOf(path.slice(path.lastIndexOf('/') + 1)), 1);
  } else {
    store.setData(store.find(path), op.data);
    node.data = op.data === NULL_DATA ? NULL_DATA : op.data.slice();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function check(store: NodeStore, model: Model): void {
  expect(store.size).toBe(model.nodes.size);
  for (const [path, node] of model.nodes) {
    const id = store.find(path);
    expect(id, path).not.toBe(NONE);
    expect(store.path(id)).toBe(path);
    const data = store.data(id);
    if (node.data === NULL_DATA) expect(data).toBe(NULL_DATA);
    else if (!sameBytes(data, node.data)) expect([...data]).toEqual([...node.data]);
    expect(store.owner(id)).toBe(node.owner);
    expect(store.childNames(id)).toEqual(node.children);
  }
  // paths that are not there, and prefixes / extensions of ones that are
  for (const path of model.paths()) {
    for (const other of [`${path}x`, `${path}/`, path.slice(0, -1), `x${path}`]) {
      if (!model.nodes.has(other)) expect(store.find(other), other).toBe(NONE);
    }
  }
  // the walk: every node once, parents first
  const seen = new Set<string>();
  for (const [id, path] of store.walk()) {
    expect(store.path(id)).toBe(path);
    if (path !== '/') expect(seen.has(parentPath(path)), path).toBe(true);
    expect(seen.has(path)).toBe(false);
    seen.add(path);
  }
  expect(seen).toEqual(new Set(model.paths()));
}

describe('NodeStore against a model (property)', () => {
  it('finds, names, links and keeps the data of every node through creates, removes (slot reuse) and setData (slab compaction)', {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        const store = new NodeStore(TINY_SLAB);
        const model = new Model();
        let zxid = 0;
        for (const op of ops) {
          step(store, model, op, ++zxid);
          if (zxid % 20 === 0) check(store, model);
        }
        check(store, model);
      }),
      fcParams(150),
    );
  });

  it('a walk resumed after changes visits parents first and every node that stayed untouched (property)', {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 20, maxLength: 80 }),
        fc.array(fc.array(opArb, { maxLength: 3 }), { maxLength: 40 }),
        (setup, during) => {
          const store = new NodeStore(TINY_SLAB);
          const model = new Model();
          let zxid = 0;
          for (const op of setup) step(store, model, op, ++zxid);
          const before = new Set(model.paths());
          const touched = new Set<string>();
          const walked = new Set<string>();
          let round = 0;
          for (const [, path] of store.walk()) {
            if (path !== '/') expect(walked.has(parentPath(path)), path).toBe(true);
            walked.add(path);
            for (const op of during[round++] ?? []) {
              const paths = model.paths();
              const target = paths[op.pick % paths.length] as string;
              // a node touched, and everything under it, may or may not be walked
              touched.add(target);
              if (op.op === 'create') touched.add(join(target, op.name));
              step(store, model, op, ++zxid);
            }
          }
          for (const path of before) {
            const underTouched = [...touched].some(
              (t) => path === t || path.startsWith(`${t}/`) || t === '/',
            );
            if (model.nodes.has(path) && !underTouched) expect(walked.has(path), path).toBe(true);
          }
          check(store, model);
        },
      ),
      fcParams(100),
    );
  });
});

describe('NodeStore slabs', () => {
  it('hold at most twice the live bytes plus a slab under setData churn, and a value once read stays as read', () => {
    const store = new NodeStore(TINY_SLAB);
    const ids: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const path = `/n${i}`;
      ids.push(
        store.insert(ROOT, path, hashPath(path), new Uint8Array(50).fill(i & 0xff), 1, i, i, NO_OWNER),
      );
    }
    const firstRead = store.data(ids[0] as number).slice();
    const firstView = store.data(ids[0] as number);
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    const expected = new Map<number, number>();
    for (let round = 0; round < 50_000; round++) {
      const id = ids[random() % ids.length] as number;
      const length = random() % 200;
      const fill = random() & 0xff;
      store.setData(id, new Uint8Array(length).fill(fill));
      expected.set(id, length * 256 + fill);
    }
    let live = 0;
    for (const id of ids) {
      const data = store.data(id);
      live += data.length + 8 + store.name(id).length;
      const want = expected.get(id);
      if (want !== undefined) {
        expect(data.length).toBe(Math.floor(want / 256));
        expect(data.every((b) => b === want % 256)).toBe(true);
      }
    }
    expect(store.slabBytes).toBeLessThanOrEqual(2 * live + 2 * TINY_SLAB);
    expect(firstView).toEqual(firstRead);
  });
});

describe('NodeStore path index', () => {
  it('finds every node while it grows step by step, with removes landing in both tables', () => {
    const store = new NodeStore();
    const live = new Map<string, number>();
    let seed = 99;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    const paths: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const path = `/p${i}`;
      live.set(path, store.insert(ROOT, path, hashPath(path), new Uint8Array(0), 1, i, i, NO_OWNER));
      paths.push(path);
      // a miss probes to an empty slot in both tables, whatever the growth has moved
      if (store.find('/missing') !== NONE) expect(store.find('/missing')).toBe(NONE);
      if (random() % 3 === 0) {
        const victim = paths[random() % paths.length] as string;
        const id = live.get(victim);
        if (id !== undefined) {
          store.remove(id);
          live.delete(victim);
          if (store.find(victim) !== NONE) expect(store.find(victim), victim).toBe(NONE);
        }
      }
      if (i % 997 === 0) {
        for (const path of paths) {
          const want = live.get(path) ?? NONE;
          if (store.find(path) !== want) expect(store.find(path), path).toBe(want);
        }
      }
    }
    expect(store.size).toBe(live.size + 1);
  });
});
