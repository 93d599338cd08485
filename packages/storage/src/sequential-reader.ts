import type { DiskFile } from './disk';

const BLOCK_SIZE = 1 << 20;

/** Reads a file front to back in large blocks, handing out exact-size pieces. */
export class SequentialReader {
  private block = new Uint8Array(0);
  private blockOffset = 0;
  private filePosition = 0;
  private exhausted = false;

  constructor(private readonly file: DiskFile) {}

  /** Bytes consumed so far. */
  get position(): number {
    return this.filePosition - (this.block.byteLength - this.blockOffset);
  }

  /** The next `length` bytes (a fresh copy the caller may keep), or undefined if the file ends first. */
  async take(length: number): Promise<Uint8Array | undefined> {
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

  /** Whether nothing is left to read. */
  async atEnd(): Promise<boolean> {
    if (this.blockOffset < this.block.byteLength) return false;
    if (this.exhausted) return true;
    await this.refill(1);
    return this.block.byteLength === 0;
  }

  private async refill(wanted: number): Promise<void> {
    const size = Math.max(BLOCK_SIZE, Math.min(wanted, 64 * BLOCK_SIZE));
    const buffer = new Uint8Array(size);
    const read = await this.file.read(buffer, size, this.filePosition);
    this.filePosition += read;
    if (read < size) this.exhausted = true;
    this.block = buffer.subarray(0, read);
    this.blockOffset = 0;
  }
}
