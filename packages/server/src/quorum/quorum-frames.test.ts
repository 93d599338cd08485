import { describe, expect, it } from 'vitest';
import { decodeHandshake, encodeHandshake, frameHeader, QuorumFrameReader } from './quorum-frames';

function frame(payload: number[]): Uint8Array {
  return Uint8Array.from([...frameHeader(payload.length), ...payload]);
}

describe('QuorumFrameReader', () => {
  it('reassembles frames split at every byte boundary, including empty ones', () => {
    const stream = Uint8Array.from([...frame([1, 2, 3]), ...frame([]), ...frame([9])]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const reader = new QuorumFrameReader(100);
      const first = reader.push(stream.subarray(0, cut));
      const second = reader.push(stream.subarray(cut));
      if (typeof first === 'string' || typeof second === 'string') throw new Error(`failed at cut ${cut}`);
      expect([...first, ...second].map((f) => [...f])).toEqual([[1, 2, 3], [], [9]]);
      expect(reader.buffered).toBe(0);
    }
  });

  it('refuses a length over the cap (the first frame has its own, smaller cap)', () => {
    expect(new QuorumFrameReader(100, 5).push(frame([1, 2, 3, 4, 5, 6]))).toBe(
      'first frame of 6 bytes is over the limit of 5',
    );
    const reader = new QuorumFrameReader(8, 5);
    expect(reader.push(frame([1]))).toHaveLength(1);
    expect(reader.push(frameHeader(9))).toBe('frame of 9 bytes is over the limit of 8');
    expect(reader.push(frame([1]))).toBe('the stream already failed');
  });

  it('keeps a partial frame buffered', () => {
    const reader = new QuorumFrameReader(100);
    expect(reader.push(frame([1, 2, 3]).subarray(0, 5))).toEqual([]);
    expect(reader.buffered).toBe(5);
  });
});

describe('handshake', () => {
  it('round-trips the member id and refuses another version or length', () => {
    expect(decodeHandshake(encodeHandshake(254))).toEqual({ ok: true, memberId: 254 });
    expect(decodeHandshake(Uint8Array.of(2, 0, 0, 0, 1))).toEqual({
      ok: false,
      problem: 'quorum protocol version 2, expected 1',
    });
    expect(decodeHandshake(Uint8Array.of(1))).toEqual({
      ok: false,
      problem: 'expected a 5-byte handshake, got 1 bytes',
    });
  });
});
