import { describe, expect, it } from 'vitest';
import { createServer, type Logger, parseZooCfg, silentLogger } from '../src/index';
import { startServer } from './support';

describe('createServer', () => {
  it('takes a ServerConfig parsed from zoo.cfg, and warns that server.N lines are ignored', async () => {
    const { config } = parseZooCfg('tickTime=100\nclientPort=0\nserver.1=127.0.0.1:2888:3888\n');
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message) => warnings.push(message) };
    const server = await createServer({ ...config, logger });
    try {
      expect(server.config.tickTime).toBe(100);
      expect(server.config.minSessionTimeout).toBe(200);
      expect(server.address.port).toBeGreaterThan(0);
      expect(warnings).toEqual([
        '1 server.N entries ignored: createServer runs standalone (an ensemble member is createEnsembleMember, or zkts server --config)',
      ]);
    } finally {
      await server.close();
    }
  });

  it('fails with a clear message when the port is taken', async () => {
    const first = await startServer();
    try {
      await expect(startServer({ port: first.address.port })).rejects.toThrow(
        `cannot listen on 127.0.0.1:${first.address.port}: EADDRINUSE`,
      );
    } finally {
      await first.close();
    }
  });

  it('close() is idempotent', async () => {
    const server = await startServer();
    await Promise.all([server.close(), server.close()]);
    await server.close();
  });
});
