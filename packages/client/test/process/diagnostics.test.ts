import { spawn } from 'node:child_process';
import { createServer } from '@zkts/server';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index';

const CLIENT = JSON.stringify(new URL('../../src/index.ts', import.meta.url).href);

/** Runs a client that tries an unreachable server for a moment, with `env` added to the environment. */
function runUnreachable(env: Record<string, string>): Promise<{ stderr: string; code: number | null }> {
  const source = `
    import { createClient } from ${CLIENT};
    const client = createClient('127.0.0.1:1', { reconnectDelay: 50 });
    setTimeout(() => client.close(), 300);
  `;
  const child = spawn(
    process.execPath,
    ['--conditions=@zkts/source', '--import', 'tsx', '--input-type=module', '-e', source],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_DEBUG: '', ...env } },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ stderr, code })));
}

describe('client diagnostics', () => {
  it('prints nothing by default', async () => {
    expect(await runUnreachable({})).toEqual({ stderr: '', code: 0 });
  });

  it('NODE_DEBUG=zkts traces connection attempts and state changes on stderr', async () => {
    const { stderr, code } = await runUnreachable({ NODE_DEBUG: 'zkts' });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^ZKTS \d+: connecting to 127\.0\.0\.1:1 \(session 0x0, last zxid 0x0\)$/m);
    expect(stderr).toMatch(/^ZKTS \d+: cannot connect to 127\.0\.0\.1:1: /m);
    expect(stderr).toMatch(/^ZKTS \d+: state connecting -> closed$/m);
  });

  it('a logger option receives the same traces', async () => {
    const server = await createServer({ port: 0 });
    const lines: string[] = [];
    const client = createClient(server.connectString, { logger: { debug: (line) => lines.push(line) } });
    try {
      await client.connected();
      await client.close();
      expect(lines[0]).toBe(`connecting to ${server.connectString} (session 0x0, last zxid 0x0)`);
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^state connecting -> connected to 127\.0\.0\.1:\d+ \(session 0x[0-9a-f]+, timeout \d+ ms\)$/,
        ),
      );
      expect(lines.at(-1)).toBe('state connected -> closed');
    } finally {
      await server.close();
    }
  });
});
