import { digestMd5Response, parseDirectives, ZOOKEEPER_SASL_DIGEST_URI } from '@zkts/core';
import { describe, expect, it } from 'vitest';
import { DigestMd5Client } from './sasl-digest-md5';

const text = (bytes: Uint8Array | undefined | Error) =>
  bytes instanceof Uint8Array ? Buffer.from(bytes).toString('utf8') : String(bytes);
const challenge = Buffer.from(
  'realm="zk-sasl-md5",nonce="OA6MG9tEQGm2hh",qop="auth",charset=utf-8,algorithm=md5-sess',
);
const expected = {
  username: 'alice',
  realm: 'zk-sasl-md5',
  password: 'alice-secret',
  nonce: 'OA6MG9tEQGm2hh',
  cnonce: 'OA6MHXh6VqTrRk',
  nc: '00000001',
  qop: 'auth',
  digestUri: ZOOKEEPER_SASL_DIGEST_URI,
};

function answered(): DigestMd5Client {
  const client = new DigestMd5Client(
    { mechanism: 'DIGEST-MD5', username: 'alice', password: 'alice-secret' },
    'OA6MHXh6VqTrRk',
  );
  expect(text(client.evaluate(undefined))).toBe(''); // the empty first token, as the Java client
  return client;
}

describe('DigestMd5Client', () => {
  it('answers the challenge with the RFC 2831 response for zookeeper/zk-sasl-md5', () => {
    const client = answered();
    const response = parseDirectives(text(client.evaluate(challenge)));
    expect(response && Object.fromEntries(response)).toMatchObject({
      username: 'alice',
      realm: 'zk-sasl-md5',
      nonce: 'OA6MG9tEQGm2hh',
      cnonce: 'OA6MHXh6VqTrRk',
      nc: '00000001',
      qop: 'auth',
      'digest-uri': 'zookeeper/zk-sasl-md5',
      response: digestMd5Response(expected, false),
    });
    expect(client.complete).toBe(false);
    expect(client.evaluate(Buffer.from(`rspauth=${digestMd5Response(expected, true)}`))).toBeUndefined();
    expect(client.complete).toBe(true);
  });

  it('refuses a server whose rspauth does not prove it knows the password', () => {
    const client = answered();
    client.evaluate(challenge);
    const forged = digestMd5Response({ ...expected, password: 'guess' }, true);
    expect(client.evaluate(Buffer.from(`rspauth=${forged}`))).toBeInstanceOf(Error);
    expect(client.complete).toBe(false);
  });

  it('refuses a challenge without a nonce or without qop auth', () => {
    expect(answered().evaluate(Buffer.from('realm="zk-sasl-md5"'))).toBeInstanceOf(Error);
    expect(answered().evaluate(Buffer.from('nonce="n",qop="auth-conf"'))).toBeInstanceOf(Error);
  });
});
