import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, silentLogger } from '@zkts/server';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from './run-node';

// The client module as the child imports it (sources, through the @zkts/source condition).
const CLIENT = JSON.stringify(new URL('../../src/index.ts', import.meta.url).href);

describe('an open client keeps the process alive, as a socket does', () => {
  it('a process awaiting connected() to an unreachable server stays up until close()', async () => {
    const run = await runNode(`
      import { createClient } from ${CLIENT};
      const client = createClient('127.0.0.1:1', { reconnectDelay: 50 });
      // unref'd: only the client may keep the process alive until then
      setTimeout(() => { console.log('still running'); client.close(); }, 1500).unref();
      await client.connected().catch((e) => console.log(e.name));
    `);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('still running\nClientClosedError\n');
    expect(run.code).toBe(0);
  });

  it('with unref: true the process may exit while the client is still connecting', async () => {
    const run = await runNode(`
      import { createClient } from ${CLIENT};
      const client = createClient('127.0.0.1:1', { unref: true });
      setTimeout(() => console.log('still running'), 5000).unref();
      await client.connected();
    `);
    // 13: Node's exit code for a top-level await that never settles
    expect(run.code).toBe(13);
    expect(run.stdout).toBe('');
  });

  describe('across a server restart', () => {
    const dirs: string[] = [];
    afterAll(async () => {
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    });

    it('a subscriber that only awaits a watch reconnects and sees the event', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'zkts-keep-alive-'));
      dirs.push(dataDir);
      let server = await createServer({ port: 0, dataDir, logger: silentLogger });
      const { port } = server.address;
      const setup = await import('@zkts/client').then(({ createClient }) =>
        createClient(server.connectString, { unref: true }),
      );
      await setup.create('/n', 'v1');
      await setup.close();

      let watching!: () => void;
      const ready = new Promise<void>((resolve) => {
        watching = resolve;
      });
      const child = runNode(
        `
        import { createClient } from ${CLIENT};
        const client = createClient('127.0.0.1:${port}', { sessionTimeout: 20000, reconnectDelay: 100 });
        const { watch } = await client.getData('/n', { watch: true });
        console.log('watching');
        console.log('event', (await watch).type);
        await client.close();
      `,
        { onLine: (line) => line === 'watching' && watching() },
      );
      await ready;
      await server.close();
      // Long enough for the client to notice and for a process without a keep-alive to exit.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      server = await createServer({ port, dataDir, logger: silentLogger });
      try {
        const writer = await import('@zkts/client').then(({ createClient }) =>
          createClient(server.connectString, { unref: true }),
        );
        // Writes until the child has re-registered its watch and reported the event.
        let attempt = 0;
        const poke = setInterval(() => void writer.setData('/n', `v${++attempt}`).catch(() => {}), 300);
        const run = await child;
        clearInterval(poke);
        await writer.close();
        expect(run.stderr).toBe('');
        expect(run.stdout).toBe('watching\nevent data-changed\n');
        expect(run.code).toBe(0);
      } finally {
        await server.close();
      }
    }, 40_000);
  });
});
