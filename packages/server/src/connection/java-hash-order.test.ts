import { describe, expect, it } from 'vitest';
import { inJavaChildOrder, inJavaHashSetOrder, javaStringHash } from './java-hash-order';

describe('Java hash orders', () => {
  it('hashes strings as java.lang.String does', () => {
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('a')).toBe(97);
    expect(javaStringHash('hello')).toBe(99162322);
    // the classic collision, and a hash past 2^31 that wraps negative
    expect(javaStringHash('Aa')).toBe(javaStringHash('BB'));
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
  });

  it('lists children as the real 3.8 server did (test/differential traces, HashSet order)', () => {
    const created = ['b', 'a', 'zz', 'c-1', 'lock-', 'x', 'member', 'q'];
    for (let i = 8; i <= 12; i++) created.push(`seq-00000000${String(i).padStart(2, '0')}`);
    const czxid = new Map(created.map((name, i) => [name, i + 1]));
    expect(inJavaChildOrder([...created].reverse(), (name) => czxid.get(name) ?? 0)).toEqual([
      'zz',
      'a',
      'b',
      'c-1',
      'seq-0000000009',
      'lock-',
      'seq-0000000008',
      'q',
      'x',
      'member',
      'seq-0000000010',
      'seq-0000000012',
      'seq-0000000011',
    ]);
  });

  it('lists auth ids as the real server did for whoAmI', () => {
    const ip = { scheme: 'ip', id: '127.0.0.1' };
    const alice = { scheme: 'digest', id: 'alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=' };
    expect(inJavaHashSetOrder([ip, alice])).toEqual([alice, ip]);
  });
});
