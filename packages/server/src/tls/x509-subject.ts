import { X509Certificate } from 'node:crypto';
import { type DerElement, derChildren, derElement, derOid } from './der-reader';

/**
 * Attribute keywords Java's X500Principal.getName() (RFC 2253) prints by name; any other
 * attribute is printed as `<dotted oid>=#<hex of its DER value>`.
 */
const RFC2253_KEYWORDS: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** The string types a DirectoryString (or DC's IA5String) comes in. */
const UTF8_STRING = 0x0c;
const PRINTABLE_STRING = 0x13;
const TELETEX_STRING = 0x14;
const IA5_STRING = 0x16;
const UNIVERSAL_STRING = 0x1c;
const BMP_STRING = 0x1e;

const SEQUENCE = 0x30;
const CONTEXT_0 = 0xa0;

/**
 * The subject of a certificate as ZooKeeper's X509AuthenticationProvider names its `x509` id:
 * `X500Principal.getName()`, the RFC 2253 form, most specific RDN first
 * (`CN=client,OU=dev,O=Example,C=US`), `+` between the values of one RDN, `,+"\<>;` escaped and
 * a leading `#` or space or a trailing space escaped.
 */
export function x509SubjectDn(certificate: Uint8Array | X509Certificate): string {
  const raw = certificate instanceof X509Certificate ? certificate.raw : certificate;
  const tbs = derChildren(derElement(raw).content)[0];
  if (tbs?.tag !== SEQUENCE) throw new Error('not an X.509 certificate');
  const fields = derChildren(tbs.content);
  // version [0] is optional; then serial, signature, issuer, validity, subject
  const subject = fields[fields[0]?.tag === CONTEXT_0 ? 5 : 4];
  if (subject?.tag !== SEQUENCE) throw new Error('X.509 certificate without a subject');
  return derChildren(subject.content)
    .reverse()
    .map((rdn) => derChildren(rdn.content).map(attribute).join('+'))
    .join(',');
}

function attribute(typeAndValue: DerElement): string {
  const [type, value] = derChildren(typeAndValue.content);
  if (type === undefined || value === undefined) throw new Error('malformed X.509 name attribute');
  const oid = derOid(type.content);
  const keyword = RFC2253_KEYWORDS[oid];
  const text = keyword === undefined ? undefined : directoryString(value);
  if (keyword === undefined || text === undefined)
    return `${oid}=#${Buffer.from(value.encoded).toString('hex')}`;
  return `${keyword}=${escapeRfc2253(text)}`;
}

function directoryString(value: DerElement): string | undefined {
  const bytes = Buffer.from(value.content);
  switch (value.tag) {
    case UTF8_STRING:
    case PRINTABLE_STRING:
    case IA5_STRING:
      return bytes.toString('utf8');
    case TELETEX_STRING:
      return bytes.toString('latin1');
    case BMP_STRING:
      return bytes.swap16().toString('utf16le');
    case UNIVERSAL_STRING: {
      let text = '';
      for (let i = 0; i + 3 < bytes.length; i += 4) text += String.fromCodePoint(bytes.readUInt32BE(i));
      return text;
    }
    default:
      return undefined;
  }
}

function escapeRfc2253(text: string): string {
  let escaped = text.replace(/[,+"\\<>;]/g, '\\$&');
  if (escaped.startsWith('#') || escaped.startsWith(' ')) escaped = `\\${escaped}`;
  if (escaped.endsWith(' ') && !escaped.endsWith('\\ ')) escaped = `${escaped.slice(0, -1)}\\ `;
  return escaped;
}
