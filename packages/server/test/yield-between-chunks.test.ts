import { describe, expect, it } from 'vitest';
import { yieldBetweenChunks } from '../src/persistence/yield-between-chunks';

describe('yieldBetweenChunks', () => {
  it('hands out every chunk in order, letting queued event-loop work run between two chunks', async () => {
    const chunks = [Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)];
    const seen: string[] = [];
    function* source(): Generator<Uint8Array> {
      for (const chunk of chunks) {
        seen.push(`produce ${chunk[0]}`);
        // Work queued while the snapshot runs, like a socket read or an fsync completion.
        setImmediate(() => seen.push(`other work after ${chunk[0]}`));
        yield chunk;
      }
    }
    const out: Uint8Array[] = [];
    for await (const chunk of yieldBetweenChunks(source())) out.push(chunk);
    expect(out).toEqual(chunks);
    expect(seen).toEqual([
      'produce 1',
      'other work after 1',
      'produce 2',
      'other work after 2',
      'produce 3',
      'other work after 3',
    ]);
  });
});
