/**
 * The quorum wire: every message is a frame `int32 length (big-endian) | length bytes`. The
 * first frame on a connection is the initiator's handshake:
 *
 *   handshake = byte version (QUORUM_PROTOCOL_VERSION) | int32 memberId (big-endian)
 *
 * ZooKeeper's QuorumCnxManager opens with the sender's id the same way; the version byte lets
 * a member refuse a peer that speaks another zkts quorum protocol instead of misreading it.
 */
export const QUORUM_PROTOCOL_VERSION = 1;
export const HANDSHAKE_BYTES = 5;
/** Default cap on one frame: a snapshot travels as chunks below it. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

export function encodeHandshake(memberId: number): Uint8Array {
  const bytes = new Uint8Array(HANDSHAKE_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, QUORUM_PROTOCOL_VERSION);
  view.setUint32(1, memberId);
  return bytes;
}

export type Handshake = { ok: true; memberId: number } | { ok: false; problem: string };

export function decodeHandshake(payload: Uint8Array): Handshake {
  if (payload.length !== HANDSHAKE_BYTES) {
    return {
      ok: false,
      problem: `expected a ${HANDSHAKE_BYTES}-byte handshake, got ${payload.length} bytes`,
    };
  }
  const view = new DataView(payload.buffer, payload.byteOffset, payload.length);
  const version = view.getUint8(0);
  if (version !== QUORUM_PROTOCOL_VERSION) {
    return { ok: false, problem: `quorum protocol version ${version}, expected ${QUORUM_PROTOCOL_VERSION}` };
  }
  return { ok: true, memberId: view.getUint32(1) };
}

/** The 4-byte length prefix of a frame carrying `length` bytes. */
export function frameHeader(length: number): Uint8Array {
  const header = new Uint8Array(4);
  new DataView(header.buffer).setUint32(0, length);
  return header;
}

/**
 * Cuts a byte stream into frames: a push state machine that knows nothing of sockets. `push`
 * returns the whole frames completed by `chunk` (views of it when a frame lies within one chunk,
 * else copies: the caller must not write to them), or an error message for a length over the
 * cap, after which the stream is unusable.
 */
export class QuorumFrameReader {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private failed = false;
  private frames = 0;

  /**
   * `firstFrameMaxBytes` caps the first frame (a handshake is tiny: a stranger's garbage is
   * refused at once instead of being waited for); `maxFrameBytes` every later one.
   */
  constructor(
    private readonly maxFrameBytes: number,
    private readonly firstFrameMaxBytes = maxFrameBytes,
  ) {}

  /** Bytes received that do not form a whole frame yet (a stream cut here was cut mid-frame). */
  get buffered(): number {
    return this.pendingBytes;
  }

  push(chunk: Uint8Array): Uint8Array[] | string {
    if (this.failed) return 'the stream already failed';
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: Uint8Array[] = [];
    while (this.pendingBytes >= 4) {
      const length = this.peekLength();
      const limit = this.frames === 0 ? this.firstFrameMaxBytes : this.maxFrameBytes;
      if (length > limit) {
        this.failed = true;
        return `${this.frames === 0 ? 'first frame' : 'frame'} of ${length} bytes is over the limit of ${limit}`;
      }
      if (this.pendingBytes < 4 + length) break;
      this.take(4);
      frames.push(this.take(length));
      this.frames++;
    }
    return frames;
  }

  private peekLength(): number {
    const first = this.pending[0]!;
    if (first.length >= 4)
      return ((first[0]! << 24) | (first[1]! << 16) | (first[2]! << 8) | first[3]!) >>> 0;
    const header = new Uint8Array(4);
    let filled = 0;
    for (const part of this.pending) {
      const n = Math.min(4 - filled, part.length);
      header.set(part.subarray(0, n), filled);
      filled += n;
      if (filled === 4) break;
    }
    return new DataView(header.buffer).getUint32(0);
  }

  /** Removes and returns the next `n` buffered bytes (a view when they lie in one chunk). */
  private take(n: number): Uint8Array {
    const first = this.pending[0];
    if (first !== undefined && first.length >= n) {
      if (first.length === n) this.pending.shift();
      else this.pending[0] = first.subarray(n);
      this.pendingBytes -= n;
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const part = this.pending[0]!;
      const count = Math.min(n - filled, part.length);
      out.set(part.subarray(0, count), filled);
      filled += count;
      if (count === part.length) this.pending.shift();
      else this.pending[0] = part.subarray(count);
    }
    this.pendingBytes -= n;
    return out;
  }
}
