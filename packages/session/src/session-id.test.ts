import { describe, expect, it } from 'vitest';
import {
  CONTAINER_EPHEMERAL_OWNER,
  formatSessionId,
  initialSessionId,
  nextSessionId,
  serverIdOf,
} from './session-id';

describe('session ids', () => {
  it('puts the server id in the top byte and the clock in bits 16..55', () => {
    const now = 1_764_201_600_123; // 2025-11-27T00:00:00.123Z
    const id = initialSessionId(5, now);
    expect(serverIdOf(id)).toBe(5);
    expect(Number((id >> 16n) & ((1n << 40n) - 1n))).toBe(now % 2 ** 40);
    expect(id & 0xffffn).toBe(0n);
    expect(formatSessionId(id)).toBe(`0x5${(now % 2 ** 40).toString(16).padStart(10, '0')}0000`);
  });

  it('computes ((now << 24) >>> 8) | (serverId << 56) on 64 bits, dropping the clock bits above 40', () => {
    const now = 2 ** 41 + 7; // bit 41 is shifted out of the long
    expect(initialSessionId(0, now)).toBe(7n << 16n);
  });

  it('is a signed long: server ids of 128 and up give negative ids, printed unsigned without padding, as Long.toHexString', () => {
    const id = initialSessionId(200, 1000);
    expect(id < 0n).toBe(true);
    expect(serverIdOf(id)).toBe(200);
    expect(formatSessionId(id)).toBe('0xc800000003e80000');
  });

  it('increments monotonically within one server', () => {
    let id = initialSessionId(1, 1_700_000_000_000);
    const seen = [id];
    for (let i = 0; i < 1000; i++) {
      const next = nextSessionId(id);
      expect(next).toBe(id + 1n);
      id = next;
      seen.push(id);
    }
    expect(new Set(seen.map((x) => serverIdOf(x)))).toEqual(new Set([1]));
  });

  it('differs between servers at the same instant and between restarts of one server', () => {
    expect(initialSessionId(1, 1000)).not.toBe(initialSessionId(2, 1000));
    expect(initialSessionId(1, 1000)).not.toBe(initialSessionId(1, 1001));
  });

  it('never equals the container marker 0x8000000000000000', () => {
    // Server 128 at clock 0 would land exactly on the marker.
    expect(initialSessionId(128, 0)).toBe(CONTAINER_EPHEMERAL_OWNER + 1n);
    // Wrapping from server 127's last id would, too.
    expect(nextSessionId(CONTAINER_EPHEMERAL_OWNER - 1n)).toBe(CONTAINER_EPHEMERAL_OWNER + 1n);
    expect(formatSessionId(CONTAINER_EPHEMERAL_OWNER)).toBe('0x8000000000000000');
  });

  it('rejects server ids outside 0..254 and bad clocks', () => {
    expect(() => initialSessionId(255, 0)).toThrow(/serverId: expected an integer in 0\.\.254, got 255/);
    expect(() => initialSessionId(-1, 0)).toThrow(/serverId/);
    expect(() => initialSessionId(1.5, 0)).toThrow(/serverId/);
    expect(() => initialSessionId(1, -1)).toThrow(/now/);
  });
});
