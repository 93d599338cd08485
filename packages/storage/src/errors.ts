export type StorageErrorCode =
  /** A txn log segment is damaged before its tail; starting would lose or invent txns. */
  | 'LOG_CORRUPT'
  /** A write or fsync failed earlier; the log accepts nothing until the storage is reopened. */
  | 'LOG_FAILED'
  /** The log is being truncated; appends must wait until truncate() resolves. */
  | 'BUSY'
  /** The storage was closed. */
  | 'CLOSED'
  /** dataDir or dataLogDir cannot be created, written or fsynced. */
  | 'DIR_UNUSABLE'
  /** Another live server holds the dataDir's lock. */
  | 'DIR_LOCKED'
  | 'SNAPSHOT_CORRUPT'
  | 'SNAPSHOT_NOT_FOUND'
  | 'EPOCH_CORRUPT';

const marker = Symbol.for('@zkts/storage/StorageError');

/** Every error storage raises on purpose. `file` and `zxid` say where, when known. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly file: string | undefined;
  readonly zxid: number | undefined;

  constructor(
    code: StorageErrorCode,
    message: string,
    details: { file?: string; zxid?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'StorageError';
    this.code = code;
    this.file = details.file;
    this.zxid = details.zxid;
    Object.defineProperty(this, marker, { value: true });
  }

  /** True for a StorageError even when several copies of this package are loaded. */
  static isInstance(value: unknown, code?: StorageErrorCode): value is StorageError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[marker] === true &&
      (code === undefined || (value as StorageError).code === code)
    );
  }
}

/** Zxids print like ZooKeeper's: 0x-prefixed hex. */
export function hexZxid(zxid: number): string {
  return `0x${zxid.toString(16)}`;
}
