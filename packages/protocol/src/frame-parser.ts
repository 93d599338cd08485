/**
 * A push parser for the client protocol's framing: a 4-byte big-endian length, then that many
 * bytes of body. Feed it socket chunks in any sizes; it yields whole frame bodies (prefix
 * stripped) in order.
 *
 * - A body lying wholly within one chunk is yielded as a view of that chunk (no copy); only a
 *   body split across chunks is assembled into a buffer of its exact size.
 * - A negative length or one above `maxFrameSize` (jute.maxbuffer, 0xfffff by default) fails
 *   with ProtocolError 'frame-too-large' as soon as the 4 length bytes arrive, before any of the
 *   body is buffered. The error's `length` holds the declared length: on a server's first frame
 *   those 4 bytes may be a four-letter word such as "ruok".
 * - After a failure the stream cannot be resynchronised: every later push throws.
 *
 * Frames go to `onFrame` when given (called synchronously inside push), else they queue for
 * `shift()` / iteration.
 */
import { DEFAULT_MAX_BUFFER } from '@zkts/core';
import { ProtocolError } from './errors';

export interface FrameParserOptions {
  /** Largest accepted body in bytes; default jute.maxbuffer = 0xfffff (1 048 575). */
  maxFrameSize?: number;
  /** Receives each whole frame body as it completes. Without it, frames queue for shift(). */
  onFrame?: (body: Uint8Array) => void;
}

const EMPTY = new Uint8Array(0);

export class FrameParser implements Iterable<Uint8Array> {
  readonly maxFrameSize: number;
  private readonly onFrame: ((body: Uint8Array) => void) | undefined;
  private readonly queue: Uint8Array[] = [];
  /** Length bytes received so far when the prefix itself is split across chunks. */
  private readonly prefix = new Uint8Array(4);
  private prefixFilled = 0;
  /** The body being assembled across chunks, and how much of it has arrived. */
  private body: Uint8Array | null = null;
  private bodyFilled = 0;
  private failure: ProtocolError | null = null;

  constructor(options: FrameParserOptions = {}) {
    this.maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_BUFFER;
    this.onFrame = options.onFrame;
  }

  /** Bytes held for a frame that has not completed yet (prefix bytes included). */
  get buffered(): number {
    return this.prefixFilled + this.bodyFilled;
  }

  /** Frames parsed but not yet taken (pull mode only). */
  get queued(): number {
    return this.queue.length;
  }

  push(chunk: Uint8Array): void {
    if (this.failure !== null) {
      throw new ProtocolError('parser-failed', `frame stream already failed: ${this.failure.message}`, {
        cause: this.failure,
      });
    }
    const end = chunk.length;
    let pos = 0;
    while (pos < end) {
      const body = this.body;
      if (body !== null) {
        const n = Math.min(body.length - this.bodyFilled, end - pos);
        body.set(chunk.subarray(pos, pos + n), this.bodyFilled);
        this.bodyFilled += n;
        pos += n;
        if (this.bodyFilled === body.length) {
          this.body = null;
          this.bodyFilled = 0;
          this.emit(body);
        }
        continue;
      }
      let length: number;
      if (this.prefixFilled === 0 && end - pos >= 4) {
        length = (chunk[pos]! << 24) | (chunk[pos + 1]! << 16) | (chunk[pos + 2]! << 8) | chunk[pos + 3]!;
        pos += 4;
      } else {
        this.prefix[this.prefixFilled++] = chunk[pos++]!;
        if (this.prefixFilled < 4) continue;
        const p = this.prefix;
        length = (p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!;
        this.prefixFilled = 0;
      }
      this.checkLength(length);
      if (end - pos >= length) {
        const frame = length === 0 ? EMPTY : new Uint8Array(chunk.buffer, chunk.byteOffset + pos, length);
        pos += length;
        this.emit(frame);
      } else {
        const assembled = new Uint8Array(length);
        assembled.set(chunk.subarray(pos));
        this.body = assembled;
        this.bodyFilled = end - pos;
        pos = end;
      }
    }
  }

  /** The next queued frame body, or undefined (pull mode). */
  shift(): Uint8Array | undefined {
    return this.queue.shift();
  }

  /** Drains the queued frame bodies (pull mode). */
  *[Symbol.iterator](): Iterator<Uint8Array> {
    let frame = this.queue.shift();
    while (frame !== undefined) {
      yield frame;
      frame = this.queue.shift();
    }
  }

  private checkLength(length: number): void {
    if (length < 0 || length > this.maxFrameSize) {
      this.failure = new ProtocolError(
        'frame-too-large',
        `frame length ${length} is outside 0..${this.maxFrameSize} (jute.maxbuffer); closing the stream`,
        { length },
      );
      throw this.failure;
    }
  }

  private emit(frame: Uint8Array): void {
    if (this.onFrame === undefined) {
      this.queue.push(frame);
      return;
    }
    try {
      this.onFrame(frame);
    } catch (error) {
      // The rest of the chunk is lost with the exception, so the stream cannot go on.
      this.failure = new ProtocolError('parser-failed', 'onFrame threw; the frame stream is abandoned', {
        cause: error,
      });
      throw error;
    }
  }
}
