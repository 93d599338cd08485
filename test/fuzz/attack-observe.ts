/**
 * How an attack's outcome is observed, the same way on every target: the reply's error code (or
 * that none came, or that the connection closed instead), whether the connection is still open
 * afterwards (a ping is answered), and raw bytes for frames sent before any handshake.
 */
import { createConnection } from 'node:net';
import { encodeRequest } from '@zkts/protocol';
import { ConnectionClosedError, type RawClient } from '../support/raw-client';

/** An error code, `closed` (the connection went instead of a reply) or `silent` (neither). */
export type ReplyOutcome = number | 'closed' | 'silent';

const REPLY_WAIT_MS = 2_000;

/** The reply's err, or what happened instead within the wait. */
export async function replyOf(client: RawClient, reply: Promise<{ err: number }>): Promise<ReplyOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<'silent'>((resolve) => {
    timer = setTimeout(() => resolve('silent'), REPLY_WAIT_MS);
  });
  try {
    const answer = await Promise.race([reply, silent, client.closed.then(() => 'closed' as const)]);
    if (typeof answer === 'string') return answer;
    return answer.err;
  } catch (error) {
    if (error instanceof ConnectionClosedError) return 'closed';
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the connection still answers a ping (`open`) or has gone (`closed`). */
export async function connectionState(client: RawClient): Promise<'open' | 'closed'> {
  if (!client.isOpen) return 'closed';
  const answer = await replyOf(client, client.request({ type: 11 }));
  return answer === 0 ? 'open' : 'closed';
}

/** Replaces a frame's length prefix so it matches `body`. */
export function frameOf(body: Uint8Array): Uint8Array {
  const out = Buffer.alloc(4 + body.length);
  out.writeInt32BE(body.length, 0);
  out.set(body, 4);
  return out;
}

/** A request's frame without its length prefix (header and record). */
export function bodyOf(xid: number, request: Parameters<typeof encodeRequest>[1]): Uint8Array {
  return encodeRequest(xid, request).subarray(4);
}

/** Big-endian int32s and the like, for hand-built records. */
export function int32(value: number): Uint8Array {
  const out = Buffer.alloc(4);
  out.writeInt32BE(value, 0);
  return out;
}

export function jString(value: string): Uint8Array {
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([int32(bytes.length), bytes]);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

/**
 * Writes `bytes` on a fresh connection with no handshake and reports whether the server closed
 * it and how many bytes it sent back first (a ConnectResponse is 41 with its length prefix).
 */
export function beforeHandshake(
  host: string,
  port: number,
  bytes: Uint8Array,
): Promise<{ closed: boolean; bytesBack: number }> {
  return new Promise((resolve) => {
    let bytesBack = 0;
    const socket = createConnection({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, bytesBack });
    }, REPLY_WAIT_MS);
    socket.on('data', (chunk) => {
      bytesBack += chunk.length;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, bytesBack });
    });
    socket.once('connect', () => socket.write(bytes));
  });
}
