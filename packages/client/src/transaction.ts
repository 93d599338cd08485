import type { ACL, ClientResponse, CreateMode, MultiOp, OpResult, Stat } from '@zkts/core';
import { ErrorCode, OpCode } from '@zkts/core';
import { expectedVersion } from './arguments';
import { buildCreateRequest, type CreateModeName } from './create-mode';
import { type Data, toBytes } from './data';
import { detach } from './detach';
import { BadArgumentsError } from './errors/error-classes';
import { errorForCode } from './errors/error-for-code';
import type { TransactionFailure, ZooKeeperError } from './errors/zookeeper-error';
import type { Chroot } from './paths';
import { validatePath } from './paths';

export type CreateOpResult = { type: 'create'; path: string; stat?: Stat };
export type DeleteOpResult = { type: 'delete' };
export type SetDataOpResult = { type: 'setData'; stat: Stat };
export type CheckOpResult = { type: 'check' };
/** A read inside a multiRead is not atomic: each one succeeds or fails on its own. */
export type ReadOpFailure = { type: 'error'; error: ZooKeeperError };
export type GetDataOpResult = { type: 'getData'; data: Uint8Array; stat: Stat } | ReadOpFailure;
export type GetChildrenOpResult = { type: 'getChildren'; children: string[] } | ReadOpFailure;

export interface TransactionCreateOptions {
  mode?: CreateModeName | CreateMode;
  acl?: readonly ACL[];
  ttl?: number;
  /**
   * Ask for the new node's Stat (sends create2 inside the multi). ZooKeeper 3.8.0 still answers
   * with a plain create result, without the Stat (ZOOKEEPER-4026 came later): check `stat`.
   */
  stat?: boolean;
}

/** Sends a multi (atomic writes) or a multiRead (independent reads). */
export type MultiSender = (
  type: typeof OpCode.multi | typeof OpCode.multiRead,
  ops: MultiOp[],
  path: string,
  signal: AbortSignal | undefined,
) => Promise<ClientResponse | undefined>;

type Decoder = (result: OpResult) => unknown;

/**
 * Builds a multi: `client.transaction().check(p, 3).create(q, data).setData(r, data).commit()`.
 * Each call adds one op and the result tuple type grows with it, so `commit()` resolves to
 * exactly-typed per-op results. A transaction of only getData/getChildren is sent as multiRead
 * (as the Java client does); reads and writes cannot be mixed. A failed write transaction
 * rejects with the failing op's error class, carrying `transaction` (index and per-op codes).
 */
export class Transaction<R extends readonly unknown[] = []> {
  private readonly ops: MultiOp[] = [];
  private readonly decoders: Decoder[] = [];
  private reads = 0;

  constructor(
    private readonly chroot: Chroot,
    private readonly send: MultiSender,
  ) {}

  create(
    path: string,
    data?: Data,
    options: TransactionCreateOptions = {},
  ): Transaction<[...R, CreateOpResult]> {
    this.ops.push(buildCreateRequest(path, data, options, this.chroot));
    this.decoders.push((result) => {
      if (result.type === OpCode.create) return { type: 'create', path: this.chroot.toClient(result.path) };
      if (result.type === OpCode.create2) {
        return { type: 'create', path: this.chroot.toClient(result.path), stat: result.stat };
      }
      return unexpected(result);
    });
    return this as unknown as Transaction<[...R, CreateOpResult]>;
  }

  delete(path: string, version = -1): Transaction<[...R, DeleteOpResult]> {
    validatePath(path);
    this.ops.push({
      type: OpCode.delete,
      path: this.chroot.toServer(path),
      version: expectedVersion('transaction().delete', version),
    });
    this.decoders.push((result) => (result.type === OpCode.delete ? { type: 'delete' } : unexpected(result)));
    return this as unknown as Transaction<[...R, DeleteOpResult]>;
  }

  setData(path: string, data: Data, version = -1): Transaction<[...R, SetDataOpResult]> {
    validatePath(path);
    this.ops.push({
      type: OpCode.setData,
      path: this.chroot.toServer(path),
      data: toBytes(data),
      version: expectedVersion('transaction().setData', version),
    });
    this.decoders.push((result) =>
      result.type === OpCode.setData ? { type: 'setData', stat: result.stat } : unexpected(result),
    );
    return this as unknown as Transaction<[...R, SetDataOpResult]>;
  }

  /** Fails the transaction unless the node's version is `version`. */
  check(path: string, version: number): Transaction<[...R, CheckOpResult]> {
    validatePath(path);
    this.ops.push({
      type: OpCode.check,
      path: this.chroot.toServer(path),
      version: expectedVersion('transaction().check', version),
    });
    this.decoders.push((result) => (result.type === OpCode.check ? { type: 'check' } : unexpected(result)));
    return this as unknown as Transaction<[...R, CheckOpResult]>;
  }

  getData(path: string): Transaction<[...R, GetDataOpResult]> {
    validatePath(path);
    this.reads++;
    this.ops.push({ type: OpCode.getData, path: this.chroot.toServer(path) });
    this.decoders.push((result) => {
      if (result.type === OpCode.getData)
        return { type: 'getData', data: detach(result.data), stat: result.stat };
      if (result.type === OpCode.error) return { type: 'error', error: errorForCode(result.err, { path }) };
      return unexpected(result);
    });
    return this as unknown as Transaction<[...R, GetDataOpResult]>;
  }

  getChildren(path: string): Transaction<[...R, GetChildrenOpResult]> {
    validatePath(path);
    this.reads++;
    this.ops.push({ type: OpCode.getChildren, path: this.chroot.toServer(path) });
    this.decoders.push((result) => {
      if (result.type === OpCode.getChildren) return { type: 'getChildren', children: result.children };
      if (result.type === OpCode.error) return { type: 'error', error: errorForCode(result.err, { path }) };
      return unexpected(result);
    });
    return this as unknown as Transaction<[...R, GetChildrenOpResult]>;
  }

  get size(): number {
    return this.ops.length;
  }

  /**
   * Sends the transaction; settles one step after the reply, like every other operation.
   * `signal` stops waiting for it (see the client's CallOptions).
   */
  commit(options: { signal?: AbortSignal } = {}): Promise<R> {
    if (this.reads > 0 && this.reads < this.ops.length) {
      return Promise.reject(
        new BadArgumentsError('a transaction cannot mix reads (getData/getChildren) with writes'),
      );
    }
    if (this.ops.length === 0) return Promise.resolve([] as unknown as R);
    const readOnly = this.reads > 0;
    const firstPath = this.ops[0]?.path ?? '/';
    return this.send(
      readOnly ? OpCode.multiRead : OpCode.multi,
      this.ops,
      this.chroot.toClient(firstPath),
      options.signal,
    ).then((response) => this.results(response, readOnly));
  }

  private results(response: ClientResponse | undefined, readOnly: boolean): R {
    if (!response || (response.type !== OpCode.multi && response.type !== OpCode.multiRead)) {
      throw new BadArgumentsError('the server sent no multi results');
    }
    const results = response.results;
    if (!readOnly) {
      // The failing op has its own code; ops before it say OK (rolled back), after it −2.
      const failed = results.findIndex(
        (r) => r.type === OpCode.error && r.err !== ErrorCode.OK && r.err !== ErrorCode.RUNTIMEINCONSISTENCY,
      );
      const index =
        failed >= 0 ? failed : results.findIndex((r) => r.type === OpCode.error && r.err !== ErrorCode.OK);
      if (index >= 0) {
        const failing = results[index] as { err: number };
        const op = this.ops[index];
        const error = errorForCode(failing.err, { path: op ? this.chroot.toClient(op.path) : undefined });
        const transaction: TransactionFailure = {
          index,
          codes: results.map((r) => (r.type === OpCode.error ? r.err : ErrorCode.OK)),
        };
        throw Object.assign(error, { transaction });
      }
    }
    return results.map((result, i) => this.decoders[i]!(result)) as unknown as R;
  }
}

function unexpected(result: OpResult): never {
  throw new BadArgumentsError(`unexpected multi result type ${result.type}`);
}
