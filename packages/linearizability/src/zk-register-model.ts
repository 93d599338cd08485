import type { HistoryOp, ZkInput, ZkOutput } from './history';
import type { Model } from './model';

/** One znode's data as a client can observe it; `undefined` when the znode does not exist. */
export type ZkRegisterState = { readonly value: string; readonly version: number } | undefined;

const ANY_VERSION = -1;

function versionMatches(expected: number | undefined, actual: number): boolean {
  return expected === undefined || expected === ANY_VERSION || expected === actual;
}

/** `reported` is what the reply said (may be absent); `actual` what the model computed. */
function sameIfReported(reported: number | undefined, actual: number): boolean {
  return reported === undefined || reported === actual;
}

/**
 * The sequential spec of one znode: `write` = setData(-1), `cas` = setData(version),
 * `create` fails NODEEXISTS if present and starts at version 0, `delete` with optional version,
 * `read` = getData (value + version, or NONODE). A NONODE reply to `create` is never legal: the
 * model assumes every parent exists for the whole run.
 */
export function stepZkRegister(
  state: ZkRegisterState,
  input: ZkInput,
  output: ZkOutput | undefined,
): ZkRegisterState | null {
  switch (input.kind) {
    case 'read': {
      if (output === undefined) return state;
      if (output.ok) {
        if (state === undefined || output.value !== state.value) return null;
        return sameIfReported(output.version, state.version) ? state : null;
      }
      return output.code === 'NONODE' && state === undefined ? state : null;
    }
    case 'write':
    case 'cas': {
      const wanted = input.kind === 'cas' ? input.version : undefined;
      const applies = state !== undefined && versionMatches(wanted, state.version);
      const next = applies ? { value: input.value, version: state.version + 1 } : state;
      if (output === undefined) return next;
      if (output.ok) return applies && sameIfReported(output.version, next?.version ?? -1) ? next : null;
      if (output.code === 'NONODE') return state === undefined ? state : null;
      return output.code === 'BADVERSION' && state !== undefined && !applies ? state : null;
    }
    case 'create': {
      const next = state ?? { value: input.value, version: 0 };
      if (output === undefined) return next;
      if (output.ok) return state === undefined && sameIfReported(output.version, 0) ? next : null;
      return output.code === 'NODEEXISTS' && state !== undefined ? state : null;
    }
    case 'delete': {
      const applies = state !== undefined && versionMatches(input.version, state.version);
      if (output === undefined) return applies ? undefined : state;
      if (output.ok) return applies ? undefined : null;
      if (output.code === 'NONODE') return state === undefined ? state : null;
      return output.code === 'BADVERSION' && state !== undefined && !applies ? state : null;
    }
  }
}

function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** `undefined` states are "no znode", so the model state wraps them: the checker's `undefined` means "illegal". */
export type ZkRegisterModelState = { readonly node: ZkRegisterState };

const ABSENT: ZkRegisterModelState = { node: undefined };

/** The ZooKeeper per-path register model, partitioned by path. */
export const zkRegisterModel: Model<ZkRegisterModelState, ZkInput, ZkOutput> = {
  init: () => ABSENT,
  step(state, input, output) {
    const next = stepZkRegister(state.node, input, output);
    if (next === null) return undefined;
    if (next === state.node) return state;
    return next === undefined ? ABSENT : { node: next };
  },
  // A lost read cannot change anything, so it is dropped rather than tried at every backtrack.
  partition: (history) =>
    partitionByPath(history.filter((op) => op.output !== undefined || op.input.kind !== 'read')),
  equal: (a, b) => a.node?.value === b.node?.value && a.node?.version === b.node?.version,
  hash: (state) =>
    state.node === undefined
      ? 0
      : (hashString(state.node.value) ^ Math.imul(state.node.version + 1, 0x9e3779b1)) >>> 0,
  describeOp: describeZkOp,
  describeState: (state) =>
    state.node === undefined
      ? 'absent'
      : `value ${JSON.stringify(state.node.value)} version ${state.node.version}`,
};

export function partitionByPath<I extends { path: string }, O>(
  history: readonly HistoryOp<I, O>[],
): ReadonlyMap<string, HistoryOp<I, O>[]> {
  const byPath = new Map<string, HistoryOp<I, O>[]>();
  for (const op of history) {
    const ops = byPath.get(op.input.path);
    if (ops === undefined) byPath.set(op.input.path, [op]);
    else ops.push(op);
  }
  return byPath;
}

export function describeZkOp(
  input: ZkInput | { kind: 'sync'; path: string },
  output: ZkOutput | undefined,
): string {
  const args =
    input.kind === 'write' || input.kind === 'create'
      ? ` ${JSON.stringify(input.value)}`
      : input.kind === 'cas'
        ? ` v${input.version} ${JSON.stringify(input.value)}`
        : input.kind === 'delete' && input.version !== undefined
          ? ` v${input.version}`
          : '';
  return `${input.kind} ${input.path}${args} -> ${describeZkOutput(output)}`;
}

function describeZkOutput(output: ZkOutput | undefined): string {
  if (output === undefined) return '?';
  const zxid = output.zxid === undefined ? '' : ` @zxid ${output.zxid}`;
  if (!output.ok) return `${output.code}${zxid}`;
  const value = output.value === undefined ? '' : ` ${JSON.stringify(output.value)}`;
  const version = output.version === undefined ? '' : ` v${output.version}`;
  return `ok${value}${version}${zxid}`;
}
