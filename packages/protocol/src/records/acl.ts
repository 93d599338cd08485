/**
 * Id and ACL (zookeeper.jute, org.apache.zookeeper.data):
 *   Id  { ustring scheme; ustring id }
 *   ACL { int perms; Id id }
 * ACL lists travel as vector<ACL>.
 */
import type { ACL, Id } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

/** perms + two empty strings: the least bytes one ACL can take, to cap forged counts. */
const MIN_ACL_SIZE = 12;

export function writeId(w: JuteWriter, id: Id): void {
  w.writeString(id.scheme);
  w.writeString(id.id);
}

export function readId(r: JuteReader): Id {
  return { scheme: r.readString(), id: r.readString() };
}

export function writeAclVector(w: JuteWriter, acl: readonly ACL[]): void {
  w.writeInt(acl.length);
  for (const entry of acl) {
    w.writeInt(entry.perms);
    writeId(w, entry.id);
  }
}

/** vector<ACL>; a null vector reads as []. */
export function readAclVector(r: JuteReader): ACL[] {
  const count = r.readCount(MIN_ACL_SIZE, 'vector<ACL>');
  const acl: ACL[] = [];
  for (let i = 0; i < count; i++) acl.push({ perms: r.readInt(), id: readId(r) });
  return acl;
}
