import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RealZooKeeper,
  realZooKeeperAvailable,
  startRealZooKeeper,
} from '../../../test/support/real-zookeeper';
import { serverIdOf, sessionPassword } from '../src/index';

/**
 * Opens a session on a real ZooKeeper with a hand-built ConnectRequest (protocolVersion,
 * lastZxidSeen, timeOut, sessionId, passwd, readOnly) and returns the ConnectResponse fields.
 */
async function connect(port: number, requestedTimeout: number) {
  const body = Buffer.alloc(4 + 8 + 4 + 8 + 4 + 16 + 1);
  let at = body.writeInt32BE(0, 0); // protocolVersion
  at = body.writeBigInt64BE(0n, at); // lastZxidSeen
  at = body.writeInt32BE(requestedTimeout, at);
  at = body.writeBigInt64BE(0n, at); // sessionId: 0 = new session
  at = body.writeInt32BE(16, at); // passwd length, 16 zero bytes follow
  const frame = Buffer.alloc(4 + body.length);
  frame.writeInt32BE(body.length, 0);
  body.copy(frame, 4);
  const socket = createConnection({ host: '127.0.0.1', port });
  socket.write(frame);
  let received = Buffer.alloc(0);
  for await (const chunk of socket) {
    received = Buffer.concat([received, chunk as Buffer]);
    if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) break;
  }
  socket.destroy();
  const timeout = received.readInt32BE(8);
  const sessionId = received.readBigInt64BE(12);
  const passwordLength = received.readInt32BE(20);
  return { timeout, sessionId, password: new Uint8Array(received.subarray(24, 24 + passwordLength)) };
}

/** Milliseconds since boot (Linux), or undefined elsewhere. */
function readUptimeMs(): number | undefined {
  try {
    return Math.floor(Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000);
  } catch {
    return undefined;
  }
}

describe.skipIf(!realZooKeeperAvailable())('sessions as Apache ZooKeeper 3.8 makes them', () => {
  let zk: RealZooKeeper;
  beforeAll(async () => {
    zk = await startRealZooKeeper();
  }, 60_000);
  afterAll(async () => {
    await zk?.stop();
  });

  it('derives the same 16-byte password from the session id', async () => {
    const uptimeMs = readUptimeMs();
    const first = await connect(zk.port, 30000);
    const second = await connect(zk.port, 30000);
    expect(first.password).toHaveLength(16);
    expect(Buffer.from(first.password).toString('hex')).toBe(
      Buffer.from(sessionPassword(first.sessionId)).toString('hex'),
    );
    expect(Buffer.from(second.password).toString('hex')).toBe(
      Buffer.from(sessionPassword(second.sessionId)).toString('hex'),
    );
    // Observed: standalone puts server id 1 (not 0) in the top byte, and ids count up by one.
    expect(serverIdOf(first.sessionId)).toBe(1);
    expect(second.sessionId).toBe(first.sessionId + 1n);
    // Observed: the clock bits (16..55) are not the wall clock but Java's monotonic clock
    // (Time.currentElapsedTime, i.e. ms since boot on Linux), read when the server started.
    // zkts seeds from whatever `now` its host passes (the wall clock, for restart uniqueness).
    const clockBits = Number((first.sessionId >> 16n) & ((1n << 40n) - 1n));
    if (uptimeMs !== undefined) {
      // /proc/uptime also counts suspended time, so it only bounds the monotonic clock above.
      expect(clockBits).toBeLessThanOrEqual(uptimeMs);
    }
  });

  it('clamps the timeout to [2, 20] × tickTime (3000 ms ticks when started without zoo.cfg)', async () => {
    expect((await connect(zk.port, 1)).timeout).toBe(6000);
    expect((await connect(zk.port, 1_000_000)).timeout).toBe(60000);
  });
});
