/**
 * zkts's standalone server for the RSS bench: as test/durability/fixtures/durable-server.ts
 * (forceSync off, no snapshot by count), plus a memory report. Prints `{"port": N}` once
 * serving; on SIGUSR1 prints `{"rss", "heapTotal", "heapUsed", "external", "arrayBuffers"}` (bytes),
 * after a full GC when run with --expose-gc.
 *
 *   node --expose-gc --conditions=@zkts/source --import tsx bench/memory/memory-server.ts <dataDir> [port=0]
 */
import { createServer, stderrLogger } from '@zkts/server';

const [dataDir, port = '0'] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: memory-server.ts <dataDir> [port]');

const server = await createServer({
  host: '127.0.0.1',
  port: Number(port),
  dataDir,
  forceSync: false,
  snapCount: 100_000_000,
  maxClientCnxns: 0,
  fourLetterWordWhitelist: '*',
  logger: stderrLogger,
});
process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`);

process.on('SIGUSR1', () => {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ rss, heapTotal, heapUsed, external, arrayBuffers })}\n`);
});
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
