import { type ACL, Perms } from '@zkts/client';

/**
 * zkCli's AclParser: `scheme:id:perms[,…]`, the id being everything between the first and the
 * last colon. Malformed entries and unknown perm letters are reported through `warn` and
 * skipped, as zkCli does (an empty result then fails as "Acl is not valid").
 */
export function parseAcl(text: string, warn: (line: string) => void): ACL[] {
  const acl: ACL[] = [];
  for (const entry of text.split(',')) {
    const first = entry.indexOf(':');
    const last = entry.lastIndexOf(':');
    if (first === -1 || first === last) {
      warn(`${entry} does not have the form scheme:id:perm`);
      continue;
    }
    acl.push({
      id: { scheme: entry.slice(0, first), id: entry.slice(first + 1, last) },
      perms: parsePerms(entry.slice(last + 1), warn),
    });
  }
  return acl;
}

const PERM_LETTERS: Record<string, number> = {
  r: Perms.READ,
  w: Perms.WRITE,
  c: Perms.CREATE,
  d: Perms.DELETE,
  a: Perms.ADMIN,
};

function parsePerms(letters: string, warn: (line: string) => void): number {
  let perms = 0;
  for (const letter of letters) {
    const bit = PERM_LETTERS[letter];
    if (bit === undefined) warn(`Unknown perm type: ${letter}`);
    else perms |= bit;
  }
  return perms;
}
