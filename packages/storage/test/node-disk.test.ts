import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeDisk, type VectorWriter, writeAll } from '../src/node-disk';

function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'write',
  });
}

/** A fake handle that writes into `target`, at most `limits[i]` bytes on call i, then throws `error`. */
function fakeHandle(target: Uint8Array, limits: number[], error?: Error) {
  const calls: Array<{ position: number; length: number }> = [];
  const handle: VectorWriter = {
    async writev(buffers, position) {
      const length = buffers.reduce((sum, b) => sum + b.byteLength, 0);
      calls.push({ position, length });
      const limit = limits.shift();
      if (limit === undefined) {
        if (error !== undefined) throw error;
        throw new Error('unexpected writev');
      }
      let written = 0;
      for (const buffer of buffers) {
        const n = Math.min(buffer.byteLength, limit - written);
        target.set(buffer.subarray(0, n), position + written);
        written += n;
        if (written === limit) break;
      }
      return { bytesWritten: written };
    },
  };
  return { handle, calls };
}

describe('writeAll (NodeDiskFile.write)', () => {
  it('a short writev followed by ENOSPC surfaces the ENOSPC, not a generic short write', async () => {
    const target = new Uint8Array(64);
    const { handle, calls } = fakeHandle(target, [5], enospc());
    const error = await writeAll(
      handle,
      '/x/log.1',
      [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5, 6, 7)],
      10,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENOSPC' });
    // the retry started where the first writev stopped, with the remaining bytes only
    expect(calls).toEqual([
      { position: 10, length: 7 },
      { position: 15, length: 2 },
    ]);
  });

  it('short writes that keep progressing complete the write, byte for byte', async () => {
    const target = new Uint8Array(32);
    const { handle, calls } = fakeHandle(target, [2, 3, 10]);
    await writeAll(
      handle,
      '/x/f',
      [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5), Uint8Array.of(6, 7, 8, 9)],
      4,
    );
    expect([...target.subarray(4, 13)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(calls.map((c) => c.position)).toEqual([4, 6, 9]);
  });

  it('a writev that makes no progress and reports no error is an error, not a loop', async () => {
    const { handle } = fakeHandle(new Uint8Array(8), [0]);
    await expect(writeAll(handle, '/x/f', [Uint8Array.of(1)], 0)).rejects.toThrow(
      /short write to \/x\/f: 0 of 1/,
    );
  });

  it('writes through the real file system', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zkts-node-disk-'));
    try {
      const file = await nodeDisk.open(join(dir, 'f'), 'replace');
      await file.write([Uint8Array.of(1, 2), Uint8Array.of(3)], 1);
      await file.close();
      expect([...(await readFile(join(dir, 'f')))]).toEqual([0, 1, 2, 3]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
