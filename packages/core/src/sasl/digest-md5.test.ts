import { describe, expect, it } from 'vitest';
import { digestMd5Response, formatDirectives, parseDirectives } from './digest-md5';

// RFC 2831 §4, the IMAP example (its A1 hashes user, realm and password as here)
const rfcExample = {
  username: 'chris',
  realm: 'elwood.innosoft.com',
  password: 'secret',
  nonce: 'OA6MG9tEQGm2hh',
  cnonce: 'OA6MHXh6VqTrRk',
  nc: '00000001',
  qop: 'auth',
  digestUri: 'imap/elwood.innosoft.com',
};

describe('DIGEST-MD5 (RFC 2831)', () => {
  it('computes the response and rspauth of the RFC example', () => {
    expect(digestMd5Response(rfcExample, false)).toBe('d388dad90d4bbd760a152321f2143af7');
    expect(digestMd5Response(rfcExample, true)).toBe('ea40f60335c427b5527b84dbabcdfffd');
  });

  it('parses directive lists with quoted strings, escapes and bare tokens', () => {
    const parsed = parseDirectives(
      'realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",qop="auth",algorithm=md5-sess,charset=utf-8, x="a\\"b"',
    );
    expect(parsed && Object.fromEntries(parsed)).toEqual({
      realm: 'elwood.innosoft.com',
      nonce: 'OA6MG9tEQGm2hh',
      qop: 'auth',
      algorithm: 'md5-sess',
      charset: 'utf-8',
      x: 'a"b',
    });
    expect(parseDirectives('nonce="a",nonce="b"')).toBeUndefined();
    expect(parseDirectives('nonce="unterminated')).toBeUndefined();
    expect(parseDirectives('=x')).toBeUndefined();
  });

  it('formats what it parses', () => {
    const text = formatDirectives(
      [
        ['username', 'a"b'],
        ['nc', '00000001'],
      ],
      new Set(['nc']),
    );
    expect(text).toBe('username="a\\"b",nc=00000001');
    expect(parseDirectives(text)?.get('username')).toBe('a"b');
  });
});
