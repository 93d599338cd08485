import type { HistoryOp, ZkOutput, ZkSessionInput } from './history';

/**
 * Histories as text: one JSON object per line, in the order given, so a failing history can be
 * saved next to a bug report, diffed, and re-checked with `decodeZkHistory`.
 *   {"client":1,"call":3,"ret":7,"input":{"kind":"write","path":"/a","value":"x"},"output":{"ok":true}}
 * An unknown outcome is written with no "output" and "ret": null (JSON has no Infinity).
 */
export function encodeHistory<I, O>(history: readonly HistoryOp<I, O>[]): string {
  return history
    .map((op) =>
      JSON.stringify({
        client: op.client,
        call: op.call,
        ret: Number.isFinite(op.ret) ? op.ret : null,
        input: op.input,
        ...(op.output === undefined ? {} : { output: op.output }),
      }),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** Parses `encodeHistory` text of ZooKeeper ops, validating every field; throws naming the bad line. */
export function decodeZkHistory(text: string): HistoryOp<ZkSessionInput, ZkOutput>[] {
  const ops: HistoryOp<ZkSessionInput, ZkOutput>[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      ops.push(decodeOp(JSON.parse(line)));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`history line ${index + 1}: ${reason}`);
    }
  }
  return ops;
}

type Json = unknown;

function decodeOp(raw: Json): HistoryOp<ZkSessionInput, ZkOutput> {
  const record = object(raw, 'op');
  const input = decodeInput(record.input);
  const output = record.output === undefined ? undefined : decodeOutput(record.output);
  const call = number(record.call, 'call');
  const ret = record.ret === null ? Number.POSITIVE_INFINITY : number(record.ret, 'ret');
  if (output === undefined && Number.isFinite(ret))
    throw new Error('an op without output must have "ret": null');
  if (output !== undefined && !(ret >= call)) throw new Error(`ret ${ret} is before call ${call}`);
  return { client: number(record.client, 'client'), call, ret, input, output };
}

function decodeInput(raw: Json): ZkSessionInput {
  const input = object(raw, 'input');
  const path = string(input.path, 'input.path');
  switch (input.kind) {
    case 'read':
    case 'sync':
      return { kind: input.kind, path };
    case 'write':
    case 'create':
      return { kind: input.kind, path, value: string(input.value, 'input.value') };
    case 'cas':
      return {
        kind: 'cas',
        path,
        version: number(input.version, 'input.version'),
        value: string(input.value, 'input.value'),
      };
    case 'delete':
      return input.version === undefined
        ? { kind: 'delete', path }
        : { kind: 'delete', path, version: number(input.version, 'input.version') };
    default:
      throw new Error(
        `input.kind ${JSON.stringify(input.kind)} is not read, write, cas, create, delete or sync`,
      );
  }
}

function decodeOutput(raw: Json): ZkOutput {
  const output = object(raw, 'output');
  const zxid = output.zxid === undefined ? {} : { zxid: number(output.zxid, 'output.zxid') };
  if (output.ok === true) {
    return {
      ok: true,
      ...(output.value === undefined ? {} : { value: string(output.value, 'output.value') }),
      ...(output.version === undefined ? {} : { version: number(output.version, 'output.version') }),
      ...zxid,
    };
  }
  if (output.ok === false) {
    const code = output.code;
    if (code !== 'NONODE' && code !== 'BADVERSION' && code !== 'NODEEXISTS') {
      throw new Error(`output.code ${JSON.stringify(code)} is not NONODE, BADVERSION or NODEEXISTS`);
    }
    return { ok: false, code, ...zxid };
  }
  throw new Error('output.ok must be true or false');
}

function object(value: Json, what: string): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what} must be an object`);
  return Object.fromEntries(Object.entries(value));
}

function number(value: Json, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${what} must be a finite number`);
  return value;
}

function string(value: Json, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} must be a string`);
  return value;
}
