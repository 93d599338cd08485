/**
 * create(1), create2(15), createContainer(19) and createTTL(21) (zookeeper.jute):
 *   CreateRequest    { ustring path; buffer data; vector<ACL> acl; int flags }
 *   CreateTTLRequest { ustring path; buffer data; vector<ACL> acl; int flags; long ttl }
 *   CreateResponse   { ustring path }             // reply to create
 *   Create2Response  { ustring path; Stat stat }  // reply to create2, createContainer, createTTL
 */
import type { CreateRequest, CreateTTLRequest, Stat } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';
import { readAclVector, writeAclVector } from './acl';
import { readStat, writeStat } from './stat';

export function writeCreateRequest(w: JuteWriter, request: CreateRequest): void {
  w.writeString(request.path);
  w.writeBuffer(request.data);
  writeAclVector(w, request.acl);
  w.writeInt(request.flags);
}

export function readCreateRequest(r: JuteReader): CreateRequest {
  return { path: r.readString(), data: r.readBuffer(), acl: readAclVector(r), flags: r.readInt() };
}

export function writeCreateTTLRequest(w: JuteWriter, request: CreateTTLRequest): void {
  writeCreateRequest(w, request);
  w.writeLong(request.ttl);
}

export function readCreateTTLRequest(r: JuteReader): CreateTTLRequest {
  return {
    path: r.readString(),
    data: r.readBuffer(),
    acl: readAclVector(r),
    flags: r.readInt(),
    ttl: r.readLong(),
  };
}

export function writeCreateResponse(w: JuteWriter, response: { path: string }): void {
  w.writeString(response.path);
}

export function readCreateResponse(r: JuteReader): { path: string } {
  return { path: r.readString() };
}

export function writeCreate2Response(w: JuteWriter, response: { path: string; stat: Stat }): void {
  w.writeString(response.path);
  writeStat(w, response.stat);
}

export function readCreate2Response(r: JuteReader): { path: string; stat: Stat } {
  return { path: r.readString(), stat: readStat(r) };
}
