import { errorName } from '@zkts/core';

/**
 * The brand every zkts client error carries. `Symbol.for` makes it the same symbol in every copy
 * of this package, so `isInstance` holds even when an application ends up with two copies
 * (where `instanceof` would fail).
 */
const BRAND = Symbol.for('zkts.client.ZooKeeperError');

export interface ZooKeeperErrorOptions {
  /** The znode path the failed operation was about, when there was one (as the caller named it). */
  path?: string | undefined;
  cause?: unknown;
}

/** Attached to the error of a failed transaction (multi). */
export interface TransactionFailure {
  /** Index of the op that failed. */
  index: number;
  /** Per op: 0 (would have succeeded, rolled back), the failing op's code, −2 for ops after it. */
  codes: number[];
}

/**
 * Base of every error for a ZooKeeper error code. Subclasses fix `code`; match them with
 * `NoNodeError.isInstance(e)` (safe across package copies) or `instanceof`.
 */
export class ZooKeeperError extends Error {
  /** The KeeperException code the subclass stands for; undefined only on this base class. */
  static readonly code: number | undefined = undefined;

  readonly code: number;
  readonly path: string | undefined;
  /** Set when the error is a failed transaction's: which op failed and how each op ended. */
  declare readonly transaction?: TransactionFailure;
  readonly [BRAND] = true;

  constructor(code: number, message?: string, options: ZooKeeperErrorOptions = {}) {
    const at = options.path === undefined ? '' : ` at ${options.path}`;
    super(
      message ?? `${errorName(code)}${at}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.path = options.path;
  }

  override get name(): string {
    return this.constructor.name;
  }

  /**
   * True when `value` is a zkts ZooKeeper error (of any code), whichever copy of the package
   * created it. Subclasses narrow this to their code; all of them work unbound
   * (`errors.filter(NoNodeError.isInstance)`).
   */
  static isInstance(value: unknown): value is ZooKeeperError {
    return hasBrand(value);
  }
}

function hasBrand(value: unknown): value is ZooKeeperError {
  return typeof value === 'object' && value !== null && BRAND in value;
}

/** True when `value` is a zkts ZooKeeper error with this code, from any copy of the package. */
export function isZooKeeperErrorWithCode(value: unknown, code: number): boolean {
  return hasBrand(value) && value.code === code;
}
