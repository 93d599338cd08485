import type { SessionId } from '@zkts/core';
import { javaRandomBytes } from './java-random';

/** ZooKeeper's fixed `superSecret`; the default so that our passwords equal Apache ZooKeeper's. */
export const DEFAULT_SESSION_SECRET = 0xb3415c00n;

export const SESSION_PASSWORD_LENGTH = 16;

/**
 * A session's password: 16 bytes of `java.util.Random(sessionId ^ secret)`, as ZooKeeper's
 * `generatePasswd`. It is derived, never stored, so every server of an ensemble that shares the
 * secret validates it after a client moves. It stops accidental reuse of another session's id,
 * not an attacker who knows the id and the secret (the default secret is public), as in ZooKeeper.
 */
export function sessionPassword(sessionId: SessionId, secret: bigint = DEFAULT_SESSION_SECRET): Uint8Array {
  return javaRandomBytes(sessionId ^ secret, SESSION_PASSWORD_LENGTH);
}

/** Byte equality that takes the same time wherever the first difference is. */
export function passwordsEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
