/**
 * Hands out `chunks` one at a time with a full event-loop turn between them (setImmediate, so
 * pending socket reads, fsync completions and replies go first). Serialising a large tree is
 * hundreds of milliseconds of CPU on the one thread that also serves requests; written in
 * bursts it stalls every client for the burst and the write p99 suffers. Paced this way the
 * snapshot takes a small share of each turn and lasts longer under load; a snapshot that is
 * due while one is still being written is skipped, as ZooKeeper does ("too busy to snap").
 */
export async function* yieldBetweenChunks(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    yield chunk;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
