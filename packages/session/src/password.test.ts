import { describe, expect, it } from 'vitest';
import { javaRandomBytes } from './java-random';
import { DEFAULT_SESSION_SECRET, passwordsEqual, sessionPassword } from './password';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('java.util.Random', () => {
  it('produces the documented sequence: new Random(0).nextInt() is -1155484576', () => {
    // Known values of Java's generator: Random(0).nextInt() == -1155484576 (0xbb20b460),
    // Random(42).nextInt() == -1170105035 (0xba419d35); nextBytes spends each int low byte first.
    expect(hex(javaRandomBytes(0n, 4))).toBe('60b420bb');
    expect(hex(javaRandomBytes(42n, 4))).toBe('359d41ba');
  });

  it('takes a prefix of the next int for lengths that are not multiples of 4', () => {
    expect(hex(javaRandomBytes(0n, 6))).toBe(hex(javaRandomBytes(0n, 8)).slice(0, 12));
  });
});

describe('session passwords', () => {
  it('are 16 bytes, deterministic, and differ per session', () => {
    const a = sessionPassword(0x100000000001n);
    expect(a).toHaveLength(16);
    expect(hex(sessionPassword(0x100000000001n))).toBe(hex(a));
    expect(hex(sessionPassword(0x100000000002n))).not.toBe(hex(a));
  });

  it('depend on the secret', () => {
    expect(hex(sessionPassword(7n, 1n))).not.toBe(hex(sessionPassword(7n, DEFAULT_SESSION_SECRET)));
  });

  it('seed java.util.Random with sessionId ^ 0xB3415C00 by default', () => {
    expect(hex(sessionPassword(0n))).toBe(hex(javaRandomBytes(0xb3415c00n, 16)));
    expect(hex(sessionPassword(-5n))).toBe(hex(javaRandomBytes(-5n ^ 0xb3415c00n, 16)));
  });

  it('compare by bytes and length', () => {
    expect(passwordsEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(passwordsEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(passwordsEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });
});
