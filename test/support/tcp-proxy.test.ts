import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

/** An echo server on a free loopback port. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.pipe(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('echo server did not bind');
  return { server, port: address.port };
}

async function connect(port: number): Promise<Socket> {
  const socket = createConnection({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  return socket;
}

/** Resolves with everything received once `length` bytes have arrived. */
function receive(socket: Socket, length: number): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    socket.on('data', (chunk: Buffer) => {
      got += chunk.toString();
      if (got.length >= length) resolve(got);
    });
  });
}

/** Resolves true when the socket is closed by the other side within `ms`. */
function closedWithin(socket: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.on('error', () => undefined);
  });
}

describe('tcp proxy', () => {
  let echo: { server: Server; port: number };
  let proxy: TcpProxy;
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await proxy?.close();
    await new Promise((resolve) => echo?.server.close(resolve));
  });

  async function setUp(): Promise<void> {
    echo = await echoServer();
    proxy = await startTcpProxy('127.0.0.1', echo.port);
  }

  async function client(): Promise<Socket> {
    const socket = await connect(proxy.port);
    sockets.push(socket);
    return socket;
  }

  it('relays both ways', async () => {
    await setUp();
    const socket = await client();
    const answer = receive(socket, 5);
    socket.write('hello');
    expect(await answer).toBe('hello');
    expect(proxy.accepted).toBe(1);
  });

  it('cut drops open connections but lets new ones through', async () => {
    await setUp();
    const [a, b] = [await client(), await client()];
    const closed = [closedWithin(a, 2000), closedWithin(b, 2000)];
    expect(proxy.cut()).toBe(2);
    expect(await Promise.all(closed)).toEqual([true, true]);
    const again = await client();
    const answer = receive(again, 2);
    again.write('ok');
    expect(await answer).toBe('ok');
  });

  it('partition refuses new connections until unblock', async () => {
    await setUp();
    const before = await client();
    const beforeClosed = closedWithin(before, 2000);
    expect(proxy.partition()).toBe(1);
    expect(await beforeClosed).toBe(true);
    const refused = await client();
    expect(await closedWithin(refused, 2000)).toBe(true);
    proxy.unblock();
    const healed = await client();
    const answer = receive(healed, 4);
    healed.write('back');
    expect(await answer).toBe('back');
  });

  it('with connectRetryMs, a client waits for a target that starts listening late', async () => {
    echo = await echoServer();
    const port = echo.port;
    await new Promise((resolve) => echo.server.close(resolve)); // nothing listens on port now
    proxy = await startTcpProxy('127.0.0.1', port, { connectRetryMs: 3000 });
    const socket = await client();
    const answer = receive(socket, 4);
    socket.write('late'); // held by the proxy until the target is up
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = createServer((s) => s.pipe(s));
    late.listen(port, '127.0.0.1');
    await once(late, 'listening');
    echo = { server: late, port };
    expect(await answer).toBe('late');
  });

  it('without connectRetryMs, a client of a target that is down is reset at once', async () => {
    echo = await echoServer();
    await new Promise((resolve) => echo.server.close(resolve));
    proxy = await startTcpProxy('127.0.0.1', echo.port);
    const socket = await client();
    expect(await closedWithin(socket, 2000)).toBe(true);
    echo = await echoServer(); // for afterEach
  });

  it('delay holds every chunk at least that long and keeps their order', async () => {
    await setUp();
    const socket = await client();
    proxy.delay(150);
    const started = Date.now();
    const answer = receive(socket, 6);
    socket.write('ab');
    await new Promise((resolve) => setTimeout(resolve, 20));
    proxy.delay(0); // a shorter delay must not let 'cd' overtake 'ab'
    socket.write('cd');
    socket.write('ef');
    expect(await answer).toBe('abcdef');
    // 'ab' was held on the way out (the delay was 0 again when the echo came back).
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });
});
