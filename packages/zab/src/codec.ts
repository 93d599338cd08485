/**
 * The quorum wire format (ours, not ZooKeeper's), one record per frame; the transport frames.
 *
 *   record       = version:u8 (1) type:u8 body
 *   zxid, epoch  = f64 big-endian (integers below 2^53)
 *   bytes        = length:u32 octets
 *   header       = origin:i32 sessionId:i64 cxid:i32
 *   entry        = zxid header bytes
 *   NOTIFICATION = leader:i32 zxid peerEpoch electionEpoch state:u8
 *   FOLLOWERINFO / OBSERVERINFO = acceptedEpoch lastZxid
 *   LEADERINFO   = epoch          ACKEPOCH = currentEpoch lastZxid
 *   DIFF TRUNC NEWLEADER UPTODATE ACK COMMIT = zxid
 *   SNAP         = zxid bytes     PROPOSAL INFORM = entry
 *   PING         = zxid count:u32 (sessionId:i64 timeout:i32)*
 *   REQUEST      = header bytes
 *   REVALIDATE   = sessionId:i64 timeout:i32 valid:u8 (0 question, 1 invalid, 2 valid)
 *   SYNC         = token:f64
 *
 * Type codes are ZooKeeper's (Leader.java) where it has one; NOTIFICATION is 100.
 */

import type { ZabMessage, ZabMessageType } from './messages';
import type { LogEntry, Role, TxnHeader } from './types';

export const ZAB_WIRE_VERSION = 1;

const CODES: Record<ZabMessageType, number> = {
  REQUEST: 1,
  PROPOSAL: 2,
  ACK: 3,
  COMMIT: 4,
  PING: 5,
  REVALIDATE: 6,
  SYNC: 7,
  INFORM: 8,
  NEWLEADER: 10,
  FOLLOWERINFO: 11,
  UPTODATE: 12,
  DIFF: 13,
  TRUNC: 14,
  SNAP: 15,
  OBSERVERINFO: 16,
  LEADERINFO: 17,
  ACKEPOCH: 18,
  NOTIFICATION: 100,
};
const TYPES = new Map<number, ZabMessageType>(
  Object.entries(CODES).map(([type, code]) => [code, type as ZabMessageType]),
);
const ROLES: readonly Role[] = ['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING'];

/** The one error `decodeZabMessage` throws, for any malformed input. */
export class ZabDecodeError extends Error {
  override readonly name = 'ZabDecodeError';
}

const SLAB_BYTES = 64 * 1024;

/**
 * Writes records one after the other into a slab and hands each out as a view of it, never a
 * copy: a slab is only ever appended to, so a view stays valid. One allocation per slab instead
 * of a few per record (a record outgrowing the slab moves, alone, to a buffer of its own).
 */
class Writer {
  buf = new Uint8Array(SLAB_BYTES);
  view = new DataView(this.buf.buffer);
  at = 0;
  /** Where the record being written starts. */
  start = 0;
  /** Drops a record left unfinished (an encoder threw). */
  begin(): void {
    this.at = this.start;
  }
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const record = this.at - this.start;
    // a record outgrowing a slab gets a buffer of its own: exactly its size for one large field
    // (a snapshot is not held twice), doubling for a record that grows field by field
    const size = record + n <= SLAB_BYTES ? SLAB_BYTES : n > SLAB_BYTES / 2 ? record + n : 2 * (record + n);
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(this.start, this.at));
    this.buf = next;
    this.view = new DataView(next.buffer);
    this.start = 0;
    this.at = record;
  }
  u8(n: number): void {
    this.room(1);
    this.view.setUint8(this.at++, n);
  }
  i32(n: number): void {
    this.room(4);
    this.view.setInt32(this.at, n);
    this.at += 4;
  }
  u32(n: number): void {
    this.room(4);
    this.view.setUint32(this.at, n);
    this.at += 4;
  }
  num(n: number): void {
    this.room(8);
    this.view.setFloat64(this.at, n);
    this.at += 8;
  }
  i64(n: bigint): void {
    this.room(8);
    this.view.setBigInt64(this.at, n);
    this.at += 8;
  }
  bytes(b: Uint8Array): void {
    this.u32(b.length);
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }
  header(h: TxnHeader): void {
    this.i32(h.origin);
    this.i64(h.sessionId);
    this.i32(h.cxid);
  }
  entry(e: LogEntry): void {
    this.num(e.zxid);
    this.header(e.header);
    this.bytes(e.payload);
  }
  done(): Uint8Array {
    const record = this.buf.subarray(this.start, this.at);
    this.start = this.at;
    if (this.buf.length > SLAB_BYTES) {
      // an outsized record's buffer is not kept for the next ones
      this.buf = new Uint8Array(SLAB_BYTES);
      this.view = new DataView(this.buf.buffer);
      this.start = this.at = 0;
    }
    return record;
  }
}

class Reader {
  readonly view: DataView;
  at = 0;
  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new ZabDecodeError(`truncated record at byte ${this.at}`);
  }
  u8(): number {
    this.need(1);
    return this.view.getUint8(this.at++);
  }
  i32(): number {
    this.need(4);
    const n = this.view.getInt32(this.at);
    this.at += 4;
    return n;
  }
  u32(): number {
    this.need(4);
    const n = this.view.getUint32(this.at);
    this.at += 4;
    return n;
  }
  /** A zxid or epoch: a non-negative safe integer. */
  num(): number {
    this.need(8);
    const n = this.view.getFloat64(this.at);
    this.at += 8;
    if (!Number.isSafeInteger(n) || n < 0) throw new ZabDecodeError(`bad zxid/epoch ${n}`);
    return n;
  }
  i64(): bigint {
    this.need(8);
    const n = this.view.getBigInt64(this.at);
    this.at += 8;
    return n;
  }
  bytes(): Uint8Array {
    const length = this.u32();
    this.need(length);
    const out = this.buf.slice(this.at, this.at + length);
    this.at += length;
    return out;
  }
  header(): TxnHeader {
    return { origin: this.i32(), sessionId: this.i64(), cxid: this.i32() };
  }
  entry(): LogEntry {
    return { zxid: this.num(), header: this.header(), payload: this.bytes() };
  }
}

const writer = new Writer();

/** The record's bytes: a view that later encodings never overwrite. */
export function encodeZabMessage(message: ZabMessage): Uint8Array {
  const w = writer;
  w.begin();
  w.u8(ZAB_WIRE_VERSION);
  w.u8(CODES[message.type]);
  switch (message.type) {
    case 'NOTIFICATION':
      w.i32(message.leader);
      w.num(message.zxid);
      w.num(message.peerEpoch);
      w.num(message.electionEpoch);
      w.u8(ROLES.indexOf(message.state));
      break;
    case 'FOLLOWERINFO':
    case 'OBSERVERINFO':
      w.num(message.acceptedEpoch);
      w.num(message.lastZxid);
      break;
    case 'LEADERINFO':
      w.num(message.epoch);
      break;
    case 'ACKEPOCH':
      w.num(message.currentEpoch);
      w.num(message.lastZxid);
      break;
    case 'DIFF':
    case 'TRUNC':
    case 'NEWLEADER':
    case 'UPTODATE':
    case 'ACK':
    case 'COMMIT':
      w.num(message.zxid);
      break;
    case 'SNAP':
      w.num(message.zxid);
      w.bytes(message.snapshot);
      break;
    case 'PROPOSAL':
    case 'INFORM':
      w.entry(message.entry);
      break;
    case 'PING':
      w.num(message.zxid);
      w.u32(message.touches.length);
      for (const touch of message.touches) {
        w.i64(touch.sessionId);
        w.i32(touch.timeout);
      }
      break;
    case 'REQUEST':
      w.header(message.header);
      w.bytes(message.payload);
      break;
    case 'REVALIDATE':
      w.i64(message.sessionId);
      w.i32(message.timeout);
      w.u8(message.valid === null ? 0 : message.valid ? 2 : 1);
      break;
    case 'SYNC':
      w.num(message.token);
      break;
  }
  return w.done();
}

/** Decodes one record; throws ZabDecodeError on anything malformed, including trailing bytes. */
export function decodeZabMessage(bytes: Uint8Array): ZabMessage {
  const r = new Reader(bytes);
  const version = r.u8();
  if (version !== ZAB_WIRE_VERSION) throw new ZabDecodeError(`unsupported quorum wire version ${version}`);
  const code = r.u8();
  const type = TYPES.get(code);
  if (type === undefined) throw new ZabDecodeError(`unknown record type ${code}`);
  const message = decodeBody(type, r);
  if (r.at !== bytes.length) throw new ZabDecodeError(`${bytes.length - r.at} trailing bytes after ${type}`);
  return message;
}

function decodeBody(type: ZabMessageType, r: Reader): ZabMessage {
  switch (type) {
    case 'NOTIFICATION': {
      const leader = r.i32();
      const zxid = r.num();
      const peerEpoch = r.num();
      const electionEpoch = r.num();
      const state = ROLES[r.u8()];
      if (state === undefined) throw new ZabDecodeError('bad peer state in NOTIFICATION');
      return { type, leader, zxid, peerEpoch, electionEpoch, state };
    }
    case 'FOLLOWERINFO':
    case 'OBSERVERINFO':
      return { type, acceptedEpoch: r.num(), lastZxid: r.num() };
    case 'LEADERINFO':
      return { type, epoch: r.num() };
    case 'ACKEPOCH':
      return { type, currentEpoch: r.num(), lastZxid: r.num() };
    case 'DIFF':
    case 'TRUNC':
    case 'NEWLEADER':
    case 'UPTODATE':
    case 'ACK':
    case 'COMMIT':
      return { type, zxid: r.num() };
    case 'SNAP':
      return { type, zxid: r.num(), snapshot: r.bytes() };
    case 'PROPOSAL':
    case 'INFORM':
      return { type, entry: r.entry() };
    case 'PING': {
      const zxid = r.num();
      const count = r.u32();
      if (count > r.buf.length) throw new ZabDecodeError(`PING claims ${count} touches`);
      const touches = [];
      for (let i = 0; i < count; i++) touches.push({ sessionId: r.i64(), timeout: r.i32() });
      return { type, zxid, touches };
    }
    case 'REQUEST':
      return { type, header: r.header(), payload: r.bytes() };
    case 'REVALIDATE': {
      const sessionId = r.i64();
      const timeout = r.i32();
      const valid = r.u8();
      if (valid > 2) throw new ZabDecodeError(`bad REVALIDATE answer ${valid}`);
      return { type, sessionId, timeout, valid: valid === 0 ? null : valid === 2 };
    }
    case 'SYNC':
      return { type, token: r.num() };
  }
}
