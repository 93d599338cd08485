import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipInRange, ipMatches, parseIpAddress, parseIpRange, parseIpv6 } from './ip-address';

const seed = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };

describe('ip addresses and ranges', () => {
  it('parses IPv6 forms to 16 bytes', () => {
    expect(Array.from(parseIpv6('::1')!)).toEqual([...new Array(15).fill(0), 1]);
    expect(Array.from(parseIpv6('fe80::1:2')!)).toEqual([0xfe, 0x80, ...new Array(10).fill(0), 0, 1, 0, 2]);
    expect(Array.from(parseIpv6('::ffff:1.2.3.4')!.slice(10))).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    expect(parseIpv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIpv6('1.2.3.4')).toBeUndefined();
  });

  it('IPv4-mapped client addresses match IPv4 ranges', () => {
    expect(ipMatches('10.0.0.0/8', '::ffff:10.9.9.9')).toBe(true);
    expect(ipMatches('::ffff:10.0.0.0/104', '10.9.9.9')).toBe(true);
    expect(parseIpAddress('::ffff:10.9.9.9')!.length).toBe(4);
  });

  it('CIDR boundaries: /0 matches all of one family, /32 only the address, a partial byte is masked', () => {
    expect(ipMatches('1.2.3.4/0', '200.1.1.1')).toBe(true);
    expect(ipMatches('1.2.3.4/32', '1.2.3.4')).toBe(true);
    expect(ipMatches('1.2.3.4/32', '1.2.3.5')).toBe(false);
    expect(ipMatches('10.0.0.0/9', '10.127.0.1')).toBe(true);
    expect(ipMatches('10.0.0.0/9', '10.128.0.1')).toBe(false);
  });

  it('property: an address is in a range iff its first `bits` bits equal the range`s', () => {
    const v4 = fc.uint8Array({ minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(v4, v4, fc.integer({ min: 0, max: 32 }), (range, address, bits) => {
        const toNumber = (b: Uint8Array) => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
        const shift = 32 - bits;
        const expected = bits === 0 || toNumber(range) >>> shift === toNumber(address) >>> shift;
        const parsed = parseIpRange(`${Array.from(range).join('.')}/${bits}`)!;
        expect(ipInRange(parsed, address)).toBe(expected);
      }),
      seed,
    );
  });
});
