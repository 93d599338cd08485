import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { LogEntry } from '../src/index';
import { seededRandom } from '../src/index';

/**
 * A seed for a randomised test: STORAGE_SEED replays a run; otherwise a fresh one. Printed so a
 * failure in CI can be replayed.
 */
export function testSeed(name: string): { seed: number; random: () => number } {
  const fromEnv = process.env.STORAGE_SEED;
  const seed = fromEnv === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(fromEnv);
  console.log(`[${name}] seed ${seed} (replay with STORAGE_SEED=${seed})`);
  return { seed, random: seededRandom(seed) };
}

/** A payload derived from the zxid, so a recovered entry can be checked against what was written. */
export function payloadFor(zxid: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (zxid * 31 + i * 7) & 0xff;
  return bytes;
}

export function entry(zxid: number, length = 20): LogEntry {
  return { zxid, data: payloadFor(zxid, length) };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function zxidsOf(entries: readonly LogEntry[]): number[] {
  return entries.map((e) => e.zxid);
}

/** A fresh directory under the OS temp dir, removed after the test. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zkts-storage-'));
    made.push(dir);
    return dir;
  };
}

/** The error `fn` throws, or undefined. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
