/**
 * Runs zkts's standalone server in its own process for the benchmarks, so its CPU and memory
 * can be read from /proc/<pid> apart from the load generator's. Prints one JSON line
 * `{"port": N}` once serving; stops on SIGTERM.
 *
 *   node --conditions=@zkts/source --import tsx bench/server/zkts-server.ts <dataDir> [forceSync=yes|no] [tickTime]
 */
import { createServer, silentLogger } from '@zkts/server';

const [dataDir, forceSync = 'yes', tickTime = '2000'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: zkts-server.ts <dataDir> [forceSync] [tickTime]');

const server = await createServer({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  forceSync: forceSync === 'yes',
  tickTime: Number(tickTime),
  maxClientCnxns: 0,
  logger: silentLogger,
});
console.log(JSON.stringify({ port: server.address.port }));
process.once('SIGTERM', () => {
  server.close().then(() => process.exit(0));
});
