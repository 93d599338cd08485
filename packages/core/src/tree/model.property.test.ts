import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpCode } from '../constants';
import { ErrorCode } from '../errors';
import { parentPath, sequenceSuffix } from './paths';
import { fcParams, pathArb } from './test-arbitraries';
import { bytes, Harness, S1, S2, text } from './test-harness';

/** A deliberately naive model of the znode tree: what a client can observe. */
interface ModelNode {
  data: string;
  version: number;
  owner: bigint;
  creations: number;
}

class Model {
  readonly nodes = new Map<string, ModelNode>([
    ['/', { data: '', version: 0, owner: 0n, creations: 0 }],
    ['/zookeeper', { data: '', version: 0, owner: 0n, creations: 0 }],
    ['/zookeeper/quota', { data: '', version: 0, owner: 0n, creations: 0 }],
    ['/zookeeper/config', { data: '', version: 0, owner: 0n, creations: 0 }],
  ]);
  children(path: string): string[] {
    return [...this.nodes.keys()].filter((p) => p !== '/' && parentPath(p) === path);
  }
  create(path: string, data: string, ephemeral: boolean, sequential: boolean, session: bigint): number {
    const parent = this.nodes.get(parentPath(path));
    if (parent === undefined) return ErrorCode.NONODE;
    const full = sequential ? path + sequenceSuffix(parent.creations) : path;
    if (this.nodes.has(full)) return ErrorCode.NODEEXISTS;
    if (parent.owner !== 0n) return ErrorCode.NOCHILDRENFOREPHEMERALS;
    parent.creations++;
    this.nodes.set(full, { data, version: 0, owner: ephemeral ? session : 0n, creations: 0 });
    return 0;
  }
  delete(path: string, version: number): number {
    if (!this.nodes.has(parentPath(path))) return ErrorCode.NONODE;
    const node = this.nodes.get(path);
    if (node === undefined) return ErrorCode.NONODE;
    if (version !== -1 && version !== node.version) return ErrorCode.BADVERSION;
    if (this.children(path).length > 0) return ErrorCode.NOTEMPTY;
    this.nodes.delete(path);
    return 0;
  }
  setData(path: string, data: string, version: number): number {
    const node = this.nodes.get(path);
    if (node === undefined) return ErrorCode.NONODE;
    if (version !== -1 && version !== node.version) return ErrorCode.BADVERSION;
    node.data = data;
    node.version++;
    return 0;
  }
  close(session: bigint): number {
    for (const [path, node] of this.nodes) if (node.owner === session) this.nodes.delete(path);
    return 0;
  }
}

type ModelStep =
  | { kind: 'create'; path: string; data: string; ephemeral: boolean; sequential: boolean; session: bigint }
  | { kind: 'delete'; path: string; version: number }
  | { kind: 'setData'; path: string; data: string; version: number }
  | { kind: 'close'; session: bigint };

const sessionArb = fc.constantFrom(S1, S2);
const dataArb = fc.constantFrom('', 'x', 'yy', 'zzz');
const versionArb = fc.constantFrom(-1, 0, 1, 2);
const modelStepArb: fc.Arbitrary<ModelStep> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      path: pathArb,
      data: dataArb,
      ephemeral: fc.boolean(),
      sequential: fc.boolean(),
      session: sessionArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), path: pathArb, version: versionArb }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('setData' as const),
      path: pathArb,
      data: dataArb,
      version: versionArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), session: sessionArb }) },
);

function perform(h: Harness, step: ModelStep): number {
  switch (step.kind) {
    case 'create':
      return h.err(h.create(step.path, step.data, (step.ephemeral ? 1 : 0) + (step.sequential ? 2 : 0)), {
        session: step.session,
      });
    case 'delete':
      return h.err(h.delete(step.path, step.version));
    case 'setData':
      return h.err(h.setData(step.path, step.data, step.version));
    case 'close':
      return h.err({ type: OpCode.closeSession }, { session: step.session });
  }
}

function expected(model: Model, step: ModelStep): number {
  switch (step.kind) {
    case 'create':
      return model.create(step.path, step.data, step.ephemeral, step.sequential, step.session);
    case 'delete':
      return model.delete(step.path, step.version);
    case 'setData':
      return model.setData(step.path, step.data, step.version);
    case 'close':
      return model.close(step.session);
  }
}

describe('DataTree against a reference model (property)', () => {
  it('answers every write with the model’s code and ends with the model’s nodes', () => {
    fc.assert(
      fc.property(fc.array(modelStepArb, { maxLength: 80 }), (steps) => {
        const h = new Harness();
        const model = new Model();
        for (const step of steps) expect(perform(h, step)).toBe(expected(model, step));
        expect([...h.tree.nodes.keys()].sort()).toEqual([...model.nodes.keys()].sort());
        for (const [path, node] of model.nodes) {
          const stat = h.tree.stat(path);
          const numChildren = model.children(path).length;
          expect(stat).toMatchObject({
            version: node.version,
            ephemeralOwner: node.owner,
            numChildren,
            cversion: 2 * node.creations - numChildren,
          });
          expect(text(h.tree.node(path)?.data ?? bytes('?'))).toBe(node.data);
        }
      }),
      fcParams(300),
    );
  });
});
