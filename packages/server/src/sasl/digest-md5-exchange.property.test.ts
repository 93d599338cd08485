import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DigestMd5Exchange } from './digest-md5-exchange';

/**
 * Whatever a client sends as SASL tokens, the exchange answers with a token or an error and
 * never throws (bad input must not crash the server), and only the right password gets a user.
 * Replay a failure with FC_SEED=<seed> (and FC_PATH=<path>) from the printed report.
 */
const replay = {
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
  ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
};

/** Tokens near the grammar: directive lists built from plausible and hostile pieces. */
const directiveText = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'username',
        'realm',
        'nonce',
        'cnonce',
        'nc',
        'qop',
        'digest-uri',
        'response',
        'authzid',
        'x',
        '',
      ),
      fc.oneof(
        fc.string(),
        fc.constantFrom('"alice"', '"', '\\', '00000001', 'auth', '"zookeeper/zk-sasl-md5"'),
      ),
      fc.constantFrom(',', ', ', ',,', ''),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.map(([name, value, separator]) => `${name}=${value}${separator}`).join(''));

const token = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  directiveText.map((text) => new TextEncoder().encode(text)),
);

describe('DigestMd5Exchange with hostile tokens', () => {
  it('never throws and never authenticates without the password', () => {
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 5 }), (tokens) => {
        const exchange = new DigestMd5Exchange(new Map([['alice', 'alice-secret']]), 'nonce');
        for (const bytes of tokens) {
          const step = exchange.evaluate(bytes);
          expect('error' in step || step.user === undefined).toBe(true);
          if ('error' in step) break;
        }
      }),
      { numRuns: 500, ...replay },
    );
  });
});
