// A txn log damaged before its tail (not a torn write: valid txns follow the damage) makes the
// server refuse to start, naming the repair switch; with `repairLog` it starts on the prefix.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@zkts/client';
import { STORAGE_SUBDIR } from '@zkts/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, silentLogger } from '../src/index';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A dataDir whose log holds creates of /n0../n19, with one record in the middle damaged. */
async function dataDirWithDamagedLog(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zkts-repair-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const server = await createServer({ port: 0, dataDir, logger: silentLogger });
  const zk = createClient(server.connectString);
  await zk.connected();
  for (let i = 0; i < 20; i++) await zk.create(`/n${i}`, `value-${i}`);
  await zk.close();
  await server.close();
  const logDir = join(dataDir, STORAGE_SUBDIR);
  const [segment] = readdirSync(logDir).filter((name) => name.startsWith('log.'));
  const path = join(logDir, segment!);
  const bytes = readFileSync(path);
  // the payload "value-10" sits in the middle of the log: flip a byte of it (CRC mismatch)
  const at = bytes.indexOf(Buffer.from('value-10'));
  expect(at).toBeGreaterThan(0);
  bytes[at]! ^= 0xff;
  writeFileSync(path, bytes);
  return dataDir;
}

describe('repairLog', () => {
  it('without it the server refuses to start and the error names --repair-log / repairLog', async () => {
    const dataDir = await dataDirWithDamagedLog();
    const error = await createServer({ port: 0, dataDir, logger: silentLogger }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageError', code: 'LOG_CORRUPT' });
    expect((error as Error).message).toContain('zkts server --repair-log');
    expect((error as Error).message).toContain('repairLog: true');
  });

  it('with it the server starts on the prefix before the damage, and warns what was cut', async () => {
    const dataDir = await dataDirWithDamagedLog();
    const warnings: string[] = [];
    const server = await createServer({
      port: 0,
      dataDir,
      repairLog: true,
      logger: { ...silentLogger, warn: (m) => warnings.push(m) },
    });
    cleanups.push(() => server.close());
    const zk = createClient(server.connectString);
    cleanups.push(() => zk.close());
    await zk.connected();
    const children = (await zk.getChildren('/')).children.filter((name) => name.startsWith('n'));
    expect(children.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `n${i}`).sort());
    expect(warnings.join('\n')).toMatch(/storage: repair: cutting txn log/);
    // and it takes writes again
    await zk.create('/after-repair', 'ok');
  });
});

describe('damage in a log segment older than the newest snapshot', () => {
  it('is never read: the server starts with every node, with and without repairLog', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zkts-old-segment-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // a snapshot every few txns, each rolling the log to a new segment
    const first = await createServer({
      port: 0,
      dataDir,
      snapCount: 8,
      random: () => 0,
      logger: silentLogger,
    });
    const zk = createClient(first.connectString);
    await zk.connected();
    for (let i = 0; i < 20; i++) await zk.create(`/n${i}`, `value-${i}`);
    await zk.close();
    await first.close();
    const logDir = join(dataDir, STORAGE_SUBDIR);
    const segments = readdirSync(logDir).filter((name) => name.startsWith('log.'));
    expect(segments.length).toBeGreaterThan(1);
    // the segment holding the create of /n3, long before the newest snapshot
    const damaged = segments
      .map((name) => join(logDir, name))
      .find((path) => readFileSync(path).includes(Buffer.from('value-3')));
    expect(damaged).toBeDefined();
    const oldest = damaged!;
    const bytes = readFileSync(oldest);
    const at = bytes.indexOf(Buffer.from('value-3'));
    expect(at).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) bytes[at + i]! ^= 0x5a;
    writeFileSync(oldest, bytes);

    for (const repairLog of [false, true]) {
      const warnings: string[] = [];
      const server = await createServer({
        port: 0,
        dataDir,
        repairLog,
        logger: { ...silentLogger, warn: (m) => warnings.push(m) },
      });
      const client = createClient(server.connectString);
      await client.connected();
      const children = (await client.getChildren('/')).children.filter((name) => name.startsWith('n'));
      expect(children).toHaveLength(20);
      await client.close();
      await server.close();
      expect(warnings).toEqual([]);
    }
  });
});
