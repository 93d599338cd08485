import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { message } from '../test/arbitraries';
import { decodeZabMessage, encodeZabMessage, ZabDecodeError } from './codec';

describe('quorum wire codec', () => {
  it('round-trips every record', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(decodeZabMessage(encodeZabMessage(m))).toEqual(m);
      }),
      { numRuns: 2000 },
    );
  });

  it('throws only ZabDecodeError on junk', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (junk) => {
        try {
          decodeZabMessage(junk);
        } catch (error) {
          expect(error).toBeInstanceOf(ZabDecodeError);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects every truncation and any trailing byte of a valid record', () => {
    fc.assert(
      fc.property(message, (m) => {
        const encoded = encodeZabMessage(m);
        for (let cut = 0; cut < encoded.length; cut++) {
          expect(() => decodeZabMessage(encoded.subarray(0, cut))).toThrow(ZabDecodeError);
        }
        const longer = new Uint8Array(encoded.length + 1);
        longer.set(encoded);
        expect(() => decodeZabMessage(longer)).toThrow(ZabDecodeError);
      }),
      { numRuns: 300 },
    );
  });

  it('hands out records that later encodings never overwrite, across slabs and outsized records', () => {
    const sample = fc.sample(message, { numRuns: 3000, seed: 7 });
    const big: (typeof sample)[number] = { type: 'SNAP', zxid: 9, snapshot: new Uint8Array(200_000).fill(7) };
    // and one that outgrows a slab field by field
    const touches = Array.from({ length: 20_000 }, (_, i) => ({ sessionId: BigInt(i), timeout: i }));
    const ping: (typeof sample)[number] = { type: 'PING', zxid: 3, touches };
    const all = [...sample.slice(0, 1000), big, ...sample.slice(1000, 2000), ping, ...sample.slice(2000)];
    const encoded = all.map((m) => encodeZabMessage(m));
    for (const [i, bytes] of encoded.entries()) expect(decodeZabMessage(bytes)).toEqual(all[i]);
  });

  it('names an unknown version and type', () => {
    expect(() => decodeZabMessage(Uint8Array.of(2, 3))).toThrow(/version 2/);
    expect(() => decodeZabMessage(Uint8Array.of(1, 99))).toThrow(/unknown record type 99/);
  });
});
