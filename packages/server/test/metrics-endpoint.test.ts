// The /metrics endpoint answers GET (and HEAD) only, ignores a query string, and does not let a
// client hold a connection open with a request it never finishes.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, silentLogger, type ZooKeeperServer } from '../src/index';

let server: ZooKeeperServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function metricsUrl(path: string): Promise<string> {
  server = await createServer({ port: 0, logger: silentLogger, metricsPort: 0 });
  return `http://127.0.0.1:${server.metricsPort}${path}`;
}

describe('/metrics', () => {
  it('refuses POST with 405 and names the allowed methods', async () => {
    const response = await fetch(await metricsUrl('/metrics'), { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('ignores a query string', async () => {
    const response = await fetch(await metricsUrl('/metrics?x=1'));
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^znode_count \d+$/m);
  });

  it('still answers 404 elsewhere', async () => {
    expect((await fetch(await metricsUrl('/other'))).status).toBe(404);
  });

  it('closes a connection whose request headers never finish', async () => {
    const url = new URL(await metricsUrl('/metrics'));
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    socket.on('error', () => {});
    socket.resume(); // read (and drop) the 408, so that the server's close is seen
    socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n'); // no blank line: never finished
    const started = Date.now();
    await new Promise((resolve) => socket.once('close', resolve));
    // Node's own default would wait 60 s or more
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
