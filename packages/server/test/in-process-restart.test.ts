import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@zkts/client';
import { describe, expect, it } from 'vitest';
import { inProcessTransport, type ZooKeeperServer } from '../src/index';
import { startServer } from './support';

describe('inProcessTransport(() => server)', () => {
  it('follows a restarted server and resumes the session there, as over TCP', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'zkts-in-process-restart-'));
    let current: ZooKeeperServer = await startServer({ dataDir });
    const zk = createClient('ignored:2181', { transport: inProcessTransport(() => current) });
    try {
      await zk.create('/mine', 'x', { mode: 'ephemeral' });
      const sessionId = zk.sessionId;
      const dropped = new Promise((resolve) => zk.once('disconnected', resolve));
      const reconnected = dropped.then(() => new Promise((resolve) => zk.once('connected', resolve)));
      await current.close();
      current = await startServer({ dataDir });
      await reconnected;
      expect(zk.sessionId).toBe(sessionId);
      expect((await zk.exists('/mine')).stat?.ephemeralOwner).toBe(sessionId);
    } finally {
      await zk.close();
      await current.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
