import type { ClientRequest, ClientResponse } from '@zkts/core';
import { ErrorCode, OpCode } from '@zkts/core';
import type { PendingRequest } from './connection';
import { ConnectionLossError } from './errors/error-classes';
import { errorForCode } from './errors/error-for-code';

export interface SubmitOptions {
  /** The caller's path, for error messages. */
  path?: string | undefined;
  /** An error code that counts as success (exists: NONODE). */
  okCode?: number | undefined;
  /**
   * How many times an idempotent read may be re-sent after a connection loss. It keeps its
   * place: the reads of a lost connection go first on the next one, in their order.
   */
  retries?: number | undefined;
  /** Backoff before each re-send (see RetryPolicy); absent: re-sent on the next connection at once. */
  backoff?: { baseDelay: number; maxDelay: number } | undefined;
  /** Runs synchronously when the reply is a success, before later frames are read (watch registration). */
  onSuccess?: ((err: number, response: ClientResponse | undefined) => void) | undefined;
  /**
   * Stops waiting: a request not sent yet is dropped; one already sent may still be applied by
   * the server, but its reply is ignored. The promise rejects with the signal's reason.
   */
  signal?: AbortSignal | undefined;
}

/** A request with its promise, from submission to reply. */
export class RequestEntry implements PendingRequest {
  xid = 0;
  readonly type: number;
  retriesLeft: number;
  /** Settled (by its reply, a failure or an abort): later outcomes are ignored. */
  private done = false;
  constructor(
    readonly request: ClientRequest,
    readonly options: SubmitOptions | undefined,
    readonly resolve: (response: ClientResponse | undefined) => void,
    readonly reject: (error: Error) => void,
  ) {
    this.type = request.type;
    this.retriesLeft = options?.retries ?? 0;
  }

  get settled(): boolean {
    return this.done;
  }

  settle(err: number, response: ClientResponse | undefined): void {
    if (this.done) return;
    this.done = true;
    const options = this.options;
    if (err === ErrorCode.OK || (options?.okCode !== undefined && err === options.okCode)) {
      options?.onSuccess?.(err, response);
      this.resolve(response);
    } else if (response !== undefined && (this.type === OpCode.multi || this.type === OpCode.multiRead)) {
      // A failed multi still carries its per-op results; the transaction turns them into errors.
      this.resolve(response);
    } else {
      this.reject(errorForCode(err, { path: options?.path }));
    }
  }

  fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    const path = this.options?.path;
    if (path !== undefined && error instanceof ConnectionLossError && error.path === undefined) {
      this.reject(new ConnectionLossError(`${error.message} (at ${path})`, { path, cause: error.cause }));
    } else {
      this.reject(error);
    }
  }
}
