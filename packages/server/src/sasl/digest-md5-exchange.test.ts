import { digestMd5Response, formatDirectives, ZOOKEEPER_SASL_DIGEST_URI } from '@zkts/core';
import { describe, expect, it } from 'vitest';
import { DigestMd5Exchange } from './digest-md5-exchange';

const users = new Map([['alice', 'alice-secret']]);
const NONCE = 'server-nonce';

function credentials(overrides: Record<string, string> = {}) {
  return {
    username: 'alice',
    realm: 'zk-sasl-md5',
    password: 'alice-secret',
    nonce: NONCE,
    cnonce: 'client-nonce',
    nc: '00000001',
    qop: 'auth',
    digestUri: ZOOKEEPER_SASL_DIGEST_URI,
    ...overrides,
  };
}

/** A digest-response as a client computes it; `sent` overrides what is sent, not what is hashed. */
function response(overrides: Record<string, string> = {}, sent: Record<string, string> = {}): Uint8Array {
  const c = credentials(overrides);
  const fields: Record<string, string> = {
    username: c.username,
    realm: c.realm,
    nonce: c.nonce,
    cnonce: c.cnonce,
    nc: c.nc,
    qop: c.qop,
    'digest-uri': c.digestUri,
    response: digestMd5Response(c, false),
    ...sent,
  };
  return Buffer.from(formatDirectives(Object.entries(fields), new Set(['nc', 'qop', 'response'])));
}

function challenged(): DigestMd5Exchange {
  const exchange = new DigestMd5Exchange(users, NONCE);
  const first = exchange.evaluate(new Uint8Array(0));
  expect('token' in first && Buffer.from(first.token).toString()).toBe(
    `realm="zk-sasl-md5",nonce="${NONCE}",qop="auth",charset=utf-8,algorithm=md5-sess`,
  );
  return exchange;
}

describe('DigestMd5Exchange (server side)', () => {
  it('accepts the right password, answers rspauth and names the user', () => {
    const exchange = challenged();
    const step = exchange.evaluate(response());
    expect(step).toEqual({
      token: Buffer.from(`rspauth=${digestMd5Response(credentials(), true)}`),
      user: 'alice',
    });
    // nothing more is accepted once over
    expect(exchange.evaluate(response())).toHaveProperty('error');
  });

  it.each([
    ['a wrong password', response({ password: 'guess' })],
    ['an unknown user', response({ username: 'mallory' })],
    ['another nonce', response({ nonce: 'stale' })],
    ['a replayed nonce count', response({ nc: '00000002' })],
    ['another digest-uri', response({ digestUri: 'imap/zk-sasl-md5' })],
    ['qop auth-int', response({ qop: 'auth-int' })],
    ['a malformed list', Buffer.from('username="alice')],
    ['bytes that are not UTF-8', new Uint8Array([0xff, 0xfe])],
  ])('refuses %s', (_name, token) => {
    expect(challenged().evaluate(token)).toHaveProperty('error');
  });
});
