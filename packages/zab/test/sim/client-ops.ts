import {
  type ApplyResult,
  type ClientResponse,
  type DataTree,
  ErrorCode,
  OPEN_ACL_UNSAFE,
  OpCode,
  type WriteRequest,
} from '@zkts/core';
import type { ZkInput, ZkOutput } from './history';

const text = new TextEncoder();
const untext = new TextDecoder();

/** The small glue from the register model to core: a write request for `prep`. */
export function writeRequest(input: Exclude<ZkInput, { kind: 'read' }>): WriteRequest {
  switch (input.kind) {
    case 'write':
      return { type: OpCode.setData, path: input.path, data: text.encode(input.value), version: -1 };
    case 'cas':
      return {
        type: OpCode.setData,
        path: input.path,
        data: text.encode(input.value),
        version: input.version,
      };
    case 'create':
      return {
        type: OpCode.create,
        path: input.path,
        data: text.encode(input.value),
        acl: OPEN_ACL_UNSAFE.map((a) => ({ perms: a.perms, id: { ...a.id } })),
        flags: 0,
      };
    case 'delete':
      return { type: OpCode.delete, path: input.path, version: input.version ?? -1 };
  }
}

/** The client's view of an applied write; undefined for an error the model has no word for. */
export function writeOutput(result: ApplyResult): ZkOutput | undefined {
  if (result.err === 0) {
    const response = result.response;
    const version = response !== null && 'stat' in response ? response.stat.version : undefined;
    return version === undefined ? { ok: true, zxid: result.zxid } : { ok: true, version, zxid: result.zxid };
  }
  return failure(result.err, result.zxid);
}

/** A read served from `tree`, whose last applied txn is `zxid` (the reply header's zxid). */
export function readOutput(tree: DataTree, path: string, zxid: number): ZkOutput | undefined {
  const response: ClientResponse | ErrorCode = tree.read(
    { type: OpCode.getData, path, watch: false },
    { sessionId: 0n, authIds: [] },
  );
  if (typeof response === 'number') return failure(response, zxid);
  if (response.type !== OpCode.getData) return undefined;
  return { ok: true, value: untext.decode(response.data), version: response.stat.version, zxid };
}

function failure(err: number, zxid: number): ZkOutput | undefined {
  if (err === ErrorCode.NONODE) return { ok: false, code: 'NONODE', zxid };
  if (err === ErrorCode.BADVERSION) return { ok: false, code: 'BADVERSION', zxid };
  if (err === ErrorCode.NODEEXISTS) return { ok: false, code: 'NODEEXISTS', zxid };
  return undefined;
}

export function encodeInput(input: ZkInput): Uint8Array {
  return text.encode(JSON.stringify(input));
}

export function decodeInput(bytes: Uint8Array): ZkInput {
  return JSON.parse(untext.decode(bytes)) as ZkInput;
}
