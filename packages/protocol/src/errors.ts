/**
 * Why a byte string could not be decoded. Decoders and the frame parser throw nothing but
 * `ProtocolError`, so a connection handler can catch one type and close the socket.
 */
export type ProtocolErrorReason =
  /** The record needs more bytes than the frame holds. */
  | 'truncated'
  /** A length or count prefix is negative (other than −1 = null) or larger than the bytes left. */
  | 'invalid-length'
  /** A frame's 4-byte length prefix is negative or above the configured maximum (jute.maxbuffer). */
  | 'frame-too-large'
  /** The request header names an opcode this codec does not know. */
  | 'unknown-opcode'
  /** A field holds a value the record cannot carry (e.g. an op type inside multi). */
  | 'invalid-value'
  /** The parser was used after it had already failed. */
  | 'parser-failed';

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly reason: ProtocolErrorReason;
  /** For 'frame-too-large': the declared length (its 4 bytes may be a four-letter word such as "ruok"). */
  readonly length: number | undefined;
  /**
   * Set by decodeRequest when the RequestHeader itself was readable, so a server can still
   * answer that xid: ZooKeeper 3.8 replies to an unknown opcode with
   * ReplyHeader{xid, zxid: −1, err: UNIMPLEMENTED (−6)}.
   */
  xid: number | undefined;
  opcode: number | undefined;

  constructor(
    reason: ProtocolErrorReason,
    message: string,
    options?: { cause?: unknown; length?: number; xid?: number; opcode?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.length = options?.length;
    this.xid = options?.xid;
    this.opcode = options?.opcode;
  }

  /** True for a ProtocolError from any copy of this package. */
  static isInstance(value: unknown): value is ProtocolError {
    return (
      value instanceof ProtocolError ||
      (value instanceof Error &&
        value.name === 'ProtocolError' &&
        typeof (value as ProtocolError).reason === 'string')
    );
  }
}

/** Turns any stray exception from a decoder (a RangeError from a typed array, say) into a ProtocolError. */
export function toProtocolError(what: string, error: unknown): ProtocolError {
  if (error instanceof ProtocolError) return error;
  return new ProtocolError('invalid-value', `cannot decode ${what}: ${String(error)}`, { cause: error });
}
