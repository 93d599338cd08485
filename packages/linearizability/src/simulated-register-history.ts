import type { HistoryOp, ZkInput, ZkOutput } from './history';
import type { ZkRegisterState } from './zk-register-model';

/**
 * Linearizable-by-construction histories for tests and benchmarks: each op gets a random
 * interval on its client's timeline and a random linearization point inside it; ops are applied
 * to real znode registers in the order of those points, which produces their outputs.
 */
export interface SimulationOptions {
  ops: number;
  clients: number;
  paths: number;
  /** Fraction of ops whose outcome is lost (output undefined); half of those still take effect. */
  lostRatio?: number;
  /** Longest op duration; 0 with `sequential` gives a history with no concurrency at all. */
  maxDuration?: number;
  /** One global timeline: every op returns before the next is called. */
  sequential?: boolean;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a real znode does with `input`: its next state and the reply. */
export function executeZk(
  state: ZkRegisterState,
  input: ZkInput,
): { next: ZkRegisterState; output: ZkOutput } {
  const matches = (version: number | undefined) =>
    state !== undefined && (version === undefined || version === -1 || version === state.version);
  switch (input.kind) {
    case 'read':
      return {
        next: state,
        output:
          state === undefined
            ? { ok: false, code: 'NONODE' }
            : { ok: true, value: state.value, version: state.version },
      };
    case 'write':
    case 'cas': {
      if (state === undefined) return { next: state, output: { ok: false, code: 'NONODE' } };
      if (!matches(input.kind === 'cas' ? input.version : undefined)) {
        return { next: state, output: { ok: false, code: 'BADVERSION' } };
      }
      const next = { value: input.value, version: state.version + 1 };
      return { next, output: { ok: true, version: next.version } };
    }
    case 'create':
      if (state !== undefined) return { next: state, output: { ok: false, code: 'NODEEXISTS' } };
      return { next: { value: input.value, version: 0 }, output: { ok: true, version: 0 } };
    case 'delete':
      if (state === undefined) return { next: state, output: { ok: false, code: 'NONODE' } };
      if (!matches(input.version)) return { next: state, output: { ok: false, code: 'BADVERSION' } };
      return { next: undefined, output: { ok: true } };
  }
}

interface Planned {
  client: number;
  call: number;
  ret: number;
  at: number;
  lost: boolean;
  takesEffect: boolean;
  op?: HistoryOp<ZkInput, ZkOutput>;
}

export function simulateRegisterHistory(
  random: () => number,
  options: SimulationOptions,
): HistoryOp<ZkInput, ZkOutput>[] {
  const { ops: count, clients, paths } = options;
  const lostRatio = options.lostRatio ?? 0;
  const maxDuration = options.maxDuration ?? 10;
  const pick = (n: number) => Math.floor(random() * n);
  const free = new Array<number>(clients).fill(0);
  let clock = 0;
  const planned: Planned[] = [];
  for (let i = 0; i < count; i++) {
    const client = pick(clients);
    const start = options.sequential ? clock : (free[client] ?? 0);
    const call = start + 1 + pick(3);
    const ret = call + pick(maxDuration + 1);
    free[client] = ret;
    clock = ret;
    const lost = random() < lostRatio;
    planned.push({
      client,
      call,
      ret,
      at: call + random() * (ret - call),
      lost,
      takesEffect: !lost || random() < 0.5,
    });
  }

  // Inputs are chosen in linearization order, so a cas can name the version the znode has now.
  const registers = new Map<string, ZkRegisterState>();
  const inOrder = [...planned].sort((a, b) => a.at - b.at);
  for (const [i, plan] of inOrder.entries()) {
    const path = `/k${pick(paths)}`;
    const state = registers.get(path);
    const input = randomInput(random, path, `v${i}`, random() < 0.7 ? (state?.version ?? 0) : pick(4));
    const op: HistoryOp<ZkInput, ZkOutput> = {
      client: plan.client,
      call: plan.call,
      ret: plan.lost ? Number.POSITIVE_INFINITY : plan.ret,
      input,
      output: undefined,
    };
    plan.op = op;
    if (!plan.takesEffect) continue;
    const { next, output } = executeZk(state, input);
    registers.set(path, next);
    if (!plan.lost) op.output = output;
  }
  return planned.flatMap((plan) => (plan.op === undefined ? [] : [plan.op]));
}

function randomInput(random: () => number, path: string, value: string, version: number): ZkInput {
  const roll = random();
  if (roll < 0.45) return { kind: 'read', path };
  if (roll < 0.65) return { kind: 'write', path, value };
  if (roll < 0.82) return { kind: 'cas', path, version, value };
  if (roll < 0.96) return { kind: 'create', path, value };
  return roll < 0.98 ? { kind: 'delete', path } : { kind: 'delete', path, version };
}
