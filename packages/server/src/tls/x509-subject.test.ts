import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { x509SubjectDn } from './x509-subject';

const dir = mkdtempSync(join(tmpdir(), 'zkts-dn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A self-signed certificate with this `-subj` (openssl's order: least specific first). */
function certificate(subject: string, name: string): X509Certificate {
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
      `${name}.key`,
      '-subj',
      subject,
      '-days',
      '1',
      '-out',
      `${name}.crt`,
      '-multivalue-rdn',
      '-utf8',
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  return new X509Certificate(readFileSync(join(dir, `${name}.crt`)));
}

// expected strings are what Java 17's X500Principal.getName() printed for the same certificates
describe('x509SubjectDn (X500Principal.getName(), RFC 2253)', () => {
  it('prints the most specific RDN first with the RFC 2253 keywords', () => {
    const cert = certificate('/C=US/ST=CA/L=Palo Alto/O=zkts tests/OU=clients/CN=client', 'plain');
    expect(x509SubjectDn(cert)).toBe('CN=client,OU=clients,O=zkts tests,L=Palo Alto,ST=CA,C=US');
    expect(x509SubjectDn(cert.raw)).toBe(x509SubjectDn(cert));
  });

  it('escapes the RFC 2253 specials and joins a multi-valued RDN with +', () => {
    const cert = certificate('/O=a\\,b;c/OU=x+CN=#lead "q"', 'special');
    expect(x509SubjectDn(cert)).toBe('OU=x+CN=\\#lead \\"q\\",O=a\\,b\\;c');
  });

  it('prints attributes without an RFC 2253 keyword as oid=#hex of the DER value', () => {
    const cert = certificate('/CN=mail/emailAddress=a@b.c', 'email');
    // IA5String (0x16) of length 5 holding "a@b.c" (what Java prints for this certificate)
    expect(x509SubjectDn(cert)).toBe('1.2.840.113549.1.9.1=#16056140622e63,CN=mail');
  });

  it('decodes UTF-8 names', () => {
    expect(x509SubjectDn(certificate('/CN=Zoë Käfer', 'utf8'))).toBe('CN=Zoë Käfer');
  });

  it('refuses bytes that are not a certificate', () => {
    expect(() => x509SubjectDn(new Uint8Array([0x30, 0x03, 0x02, 0x01]))).toThrow();
  });
});
