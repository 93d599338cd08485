// biome-ignore lint/style/noRestrictedImports: isIPv6 is a pure string check, no socket
import { isIPv6 } from 'node:net';

/**
 * IP addresses and CIDR ranges for the `ip` ACL scheme, as byte arrays so that IPv4 and IPv6 share
 * one masking rule. IPv4 parsing follows ZooKeeper's (Java `Integer.parseInt` per dotted part), so
 * `010.0.0.1`, `+10.0.0.1` and `-0.1.2.3` are accepted and `1.2.3.4.` is not — as the real 3.8.0
 * server does.
 */

const JAVA_INT = /^[+-]?\d+$/;

function parseJavaInt(text: string): number | undefined {
  return JAVA_INT.test(text) ? Number.parseInt(text, 10) : undefined;
}

/** Four bytes, or undefined when `text` is not a dotted quad. */
export function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const value = parseJavaInt(parts[i]!);
    if (value === undefined || value < 0 || value > 255) return undefined;
    bytes[i] = value;
  }
  return bytes;
}

/** Sixteen bytes, or undefined when `text` is not an IPv6 address (a zone suffix is ignored). */
export function parseIpv6(text: string): Uint8Array | undefined {
  const address = text.split('%', 1)[0]!;
  if (!isIPv6(address)) return undefined;
  let head = address;
  let tailV4: Uint8Array | undefined;
  const lastColon = address.lastIndexOf(':');
  if (address.includes('.', lastColon)) {
    tailV4 = parseIpv4(address.slice(lastColon + 1));
    if (!tailV4) return undefined;
    head = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const [left = '', right] = head.split('::') as [string, string | undefined];
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const leftGroups = groups(left);
  const rightGroups = right === undefined ? [] : groups(right);
  const missing = 8 - leftGroups.length - rightGroups.length;
  const all = [
    ...leftGroups,
    ...new Array<string>(right === undefined ? 0 : missing).fill('0'),
    ...rightGroups,
  ];
  if (all.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    const value = Number.parseInt(group, 16);
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 0xff;
  });
  if (tailV4) bytes.set(tailV4, 12);
  return bytes;
}

/** The address's bytes: 4 for IPv4 and for IPv4-mapped IPv6 (`::ffff:a.b.c.d`), else 16. */
export function parseIpAddress(text: string): Uint8Array | undefined {
  const v4 = parseIpv4(text);
  if (v4) return v4;
  const v6 = parseIpv6(text);
  if (v6 && isIpv4Mapped(v6)) return v6.slice(12);
  return v6;
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** A parsed `ip` ACL id: `address` or `address/bits`. */
export interface IpRange {
  bytes: Uint8Array;
  bits: number;
}

export interface IpRangeOptions {
  /** Accept IPv6 addresses. ZooKeeper 3.8.0 rejects them in ACLs (INVALIDACL, checked on the real server). */
  ipv6?: boolean | undefined;
}

/** Parses an `ip` ACL id, or undefined when ZooKeeper would call it invalid. */
export function parseIpRange(id: string, options: IpRangeOptions = {}): IpRange | undefined {
  const slash = id.indexOf('/');
  const addressText = slash < 0 ? id : id.slice(0, slash);
  const bytes = parseIpv4(addressText) ?? (options.ipv6 ? parseIpv6(addressText) : undefined);
  if (!bytes) return undefined;
  let bits = bytes.length * 8;
  if (slash >= 0) {
    const parsed = parseJavaInt(id.slice(slash + 1));
    if (parsed === undefined || parsed < 0 || parsed > bits) return undefined;
    bits = parsed;
  }
  // An IPv4-mapped range must match the plain IPv4 form clients are normalised to.
  if (bytes.length === 16 && isIpv4Mapped(bytes) && bits >= 96)
    return { bytes: bytes.slice(12), bits: bits - 96 };
  return { bytes, bits };
}

/** Whether `address` lies in `range` (both masked to the range's prefix length). */
export function ipInRange(range: IpRange, address: Uint8Array): boolean {
  if (range.bytes.length !== address.length) return false;
  let remaining = range.bits;
  for (let i = 0; i < address.length && remaining > 0; i++, remaining -= 8) {
    const mask = remaining >= 8 ? 0xff : (0xff << (8 - remaining)) & 0xff;
    if ((range.bytes[i]! & mask) !== (address[i]! & mask)) return false;
  }
  return true;
}

/** Whether the client address `address` matches the `ip` ACL id `aclId` (address or CIDR, IPv4 or IPv6). */
export function ipMatches(aclId: string, address: string): boolean {
  const range = parseIpRange(aclId, { ipv6: true });
  const client = parseIpAddress(address);
  return range !== undefined && client !== undefined && ipInRange(range, client);
}

/** The canonical text of a client address: IPv4-mapped IPv6 (`::ffff:127.0.0.1`) becomes plain IPv4. */
export function normalizeClientAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}
