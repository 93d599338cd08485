/** Helpers for the tree's tests: a tree plus a clock and zxid counter, and request builders. */
import { OpCode } from '../constants';
import type { ErrorCode } from '../errors';
import type { ClientResponse } from '../records';
import { type ACL, type Id, OPEN_ACL_UNSAFE } from '../types';
import { type ApplyResult, DataTree, type DataTreeOptions, type WriteContext } from './data-tree';
import type { PrepResult, WriteRequest } from './prep';
import type { ReadRequest } from './reads';

export const S1 = 0x1000001n;
export const S2 = 0x1000002n;
export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (data: Uint8Array): string => new TextDecoder().decode(data);
export const open = (): ACL[] => OPEN_ACL_UNSAFE.map((e) => ({ perms: e.perms, id: { ...e.id } }));

export interface Caller {
  session?: bigint;
  authIds?: readonly Id[];
}

export class Harness {
  readonly tree: DataTree<string>;
  zxid = 0;
  time = 1_000_000;

  constructor(options: DataTreeOptions<string> = {}) {
    this.tree = new DataTree<string>(options);
  }

  context(caller: Caller = {}): WriteContext {
    this.zxid++;
    this.time += 10;
    return {
      sessionId: caller.session ?? S1,
      cxid: this.zxid,
      zxid: this.zxid,
      time: this.time,
      authIds: caller.authIds ?? [],
    };
  }

  prep(request: WriteRequest, caller: Caller = {}): PrepResult {
    return this.tree.prep(request, this.context(caller));
  }

  /** prep + apply; the error code when prep refuses. */
  write(request: WriteRequest, caller: Caller = {}): ApplyResult<string> | ErrorCode {
    const prepared = this.prep(request, caller);
    if (!prepared.ok) return prepared.err;
    return this.tree.apply(prepared.txn);
  }

  /** prep + apply, expecting success; returns the response. */
  ok(request: WriteRequest, caller: Caller = {}): ClientResponse {
    const result = this.write(request, caller);
    if (typeof result === 'number') throw new Error(`expected success, got error ${result}`);
    if (result.err !== 0 || result.response === null)
      throw new Error(`expected success, got err ${result.err}`);
    return result.response;
  }

  /** The error code of a write (0 on success). */
  err(request: WriteRequest, caller: Caller = {}): number {
    const result = this.write(request, caller);
    return typeof result === 'number' ? result : result.err;
  }

  read(request: ReadRequest, caller: Caller & { watcher?: string } = {}): ClientResponse | ErrorCode {
    const ctx = { sessionId: caller.session ?? S1, authIds: caller.authIds ?? [] };
    return this.tree.read(request, caller.watcher === undefined ? ctx : { ...ctx, watcher: caller.watcher });
  }

  create(path: string, data = '', flags = 0, acl: ACL[] = open()): WriteRequest {
    return { type: OpCode.create, path, data: bytes(data), acl, flags };
  }
  create2(path: string, data = '', flags = 0, acl: ACL[] = open()): WriteRequest {
    return { type: OpCode.create2, path, data: bytes(data), acl, flags };
  }
  createTTL(path: string, ttl: number, flags = 5, data = ''): WriteRequest {
    return { type: OpCode.createTTL, path, data: bytes(data), acl: open(), flags, ttl };
  }
  createContainer(path: string, data = ''): WriteRequest {
    return { type: OpCode.createContainer, path, data: bytes(data), acl: open(), flags: 4 };
  }
  delete(path: string, version = -1): WriteRequest {
    return { type: OpCode.delete, path, version };
  }
  setData(path: string, data: string, version = -1): WriteRequest {
    return { type: OpCode.setData, path, data: bytes(data), version };
  }
  setACL(path: string, acl: ACL[], version = -1): WriteRequest {
    return { type: OpCode.setACL, path, acl, version };
  }
}
