import { crc32 } from './crc';
import type { DiskFile } from './disk';

const BLOCK_SIZE = 1 << 20;

/**
 * Reads a file front to back in large blocks, handing out exact-size pieces, and keeps a running
 * CRC-32 of everything consumed (computed over whole spans, not per piece: far cheaper for
 * many small pieces). Blocks are never reused, so the pieces handed out stay valid.
 */
export class SequentialReader {
  private block = new Uint8Array(0);
  private blockOffset = 0;
  private filePosition = 0;
  private exhausted = false;
  private crc = 0;
  /** Start of the part of `block` consumed but not yet folded into `crc`. */
  private crcFrom = 0;

  constructor(private readonly file: DiskFile) {}

  /** CRC-32 of every byte consumed so far. */
  checksum(): number {
    this.foldCrc();
    return this.crc;
  }

  /** The next `length` bytes, or undefined if the file ends first. */
  async take(length: number): Promise<Uint8Array | undefined> {
    const buffered = this.takeBuffered(length);
    if (buffered !== undefined) return buffered;
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (this.blockOffset === this.block.byteLength) {
        if (this.exhausted) return undefined;
        await this.refill(length - filled);
        if (this.block.byteLength === 0) return undefined;
      }
      const n = Math.min(length - filled, this.block.byteLength - this.blockOffset);
      out.set(this.block.subarray(this.blockOffset, this.blockOffset + n), filled);
      this.blockOffset += n;
      filled += n;
    }
    return out;
  }

  /**
   * The next `length` bytes if they are already buffered, without waiting; undefined when a read
   * is needed (then call `take`). Saves an await per small piece.
   */
  takeBuffered(length: number): Uint8Array | undefined {
    if (this.block.byteLength - this.blockOffset < length) return undefined;
    const out = this.block.subarray(this.blockOffset, this.blockOffset + length);
    this.blockOffset += length;
    return out;
  }

  /** Whether nothing is left to read. */
  async atEnd(): Promise<boolean> {
    if (this.blockOffset < this.block.byteLength) return false;
    if (this.exhausted) return true;
    await this.refill(1);
    return this.block.byteLength === 0;
  }

  private foldCrc(): void {
    if (this.blockOffset > this.crcFrom) {
      this.crc = crc32(this.block.subarray(this.crcFrom, this.blockOffset), this.crc);
      this.crcFrom = this.blockOffset;
    }
  }

  private async refill(wanted: number): Promise<void> {
    this.foldCrc();
    const size = Math.max(BLOCK_SIZE, Math.min(wanted, 64 * BLOCK_SIZE));
    const buffer = new Uint8Array(size);
    const read = await this.file.read(buffer, size, this.filePosition);
    this.filePosition += read;
    if (read < size) this.exhausted = true;
    this.block = buffer.subarray(0, read);
    this.blockOffset = 0;
    this.crcFrom = 0;
  }
}
