import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { x509SubjectDn } from './x509-subject';

/**
 * The DER reader on damaged certificates: it returns a string or throws an Error, never loops,
 * never reads past the buffer. Replay a failure with FC_SEED=<seed> (and FC_PATH=<path>).
 */
const replay = {
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
  ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
};

const dir = mkdtempSync(join(tmpdir(), 'zkts-der-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'k.pem',
    '-subj',
    '/C=US/O=zkts/CN=fuzz',
    '-days',
    '1',
    '-outform',
    'DER',
    '-out',
    'c.der',
  ],
  { cwd: dir, stdio: 'ignore' },
);
const der = new Uint8Array(readFileSync(join(dir, 'c.der')));

describe('x509SubjectDn on damaged DER', () => {
  it('returns a string or throws an Error', () => {
    expect(x509SubjectDn(der)).toBe('CN=fuzz,O=zkts,C=US');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(der.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.nat(der.length),
        (flips, cut) => {
          const damaged = der.slice(0, Math.max(1, cut));
          for (const [at, value] of flips) if (at < damaged.length) damaged[at] = value;
          try {
            expect(typeof x509SubjectDn(damaged)).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(Error);
          }
        },
      ),
      { numRuns: 2000, ...replay },
    );
  });
});
