import { OpCode } from '../constants';
import { BinaryReader, BinaryWriter, ByteSlab, DecodeError, readAcl, writeAcl } from './binary';
import type { MultiSubTxn, Txn, TxnBody } from './txn';
import { readSubTxn } from './txn-records';

/*
 * Txn = header body
 * header = sessionId:long cxid:int zxid:long time:long type:int
 * body by type:
 *   create, create2      path:ustring data:buffer acl:vector<ACL> ephemeral:boolean parentCVersion:int
 *   createContainer      path data acl parentCVersion:int
 *   createTTL            path data acl parentCVersion:int ttl:long
 *   delete, deleteContainer  path
 *   setData              path data version:int
 *   setACL               path acl version:int
 *   check                path version:int
 *   error                err:int
 *   createSession        timeOut:int
 *   closeSession         paths:vector<ustring>
 *   multi                count:int (type:int body)*   (sub-txns: create*, delete, setData, check, error)
 * ACL = perms:int scheme:ustring id:ustring
 * (jute-style big-endian layout; not byte-compatible with ZooKeeper's log, which nothing requires.)
 */

function writeBody(w: BinaryWriter, body: TxnBody): void {
  switch (body.type) {
    case OpCode.create:
    case OpCode.create2:
      w.string(body.path);
      w.bytes(body.data);
      writeAcl(w, body.acl);
      w.bool(body.ephemeral);
      w.int(body.parentCVersion);
      return;
    case OpCode.createContainer:
      w.string(body.path);
      w.bytes(body.data);
      writeAcl(w, body.acl);
      w.int(body.parentCVersion);
      return;
    case OpCode.createTTL:
      w.string(body.path);
      w.bytes(body.data);
      writeAcl(w, body.acl);
      w.int(body.parentCVersion);
      w.long(body.ttl);
      return;
    case OpCode.delete:
    case OpCode.deleteContainer:
      w.string(body.path);
      return;
    case OpCode.setData:
      w.string(body.path);
      w.bytes(body.data);
      w.int(body.version);
      return;
    case OpCode.setACL:
      w.string(body.path);
      writeAcl(w, body.acl);
      w.int(body.version);
      return;
    case OpCode.check:
      w.string(body.path);
      w.int(body.version);
      return;
    case OpCode.error:
      w.int(body.err);
      return;
    case OpCode.createSession:
      w.int(body.timeOut);
      return;
    case OpCode.closeSession:
      w.int(body.paths.length);
      for (const path of body.paths) w.string(path);
      return;
    case OpCode.multi:
      w.int(body.txns.length);
      for (const sub of body.txns) {
        w.int(sub.type);
        writeBody(w, sub);
      }
      return;
  }
}

function readBody(r: BinaryReader, type: number, insideMulti: boolean): TxnBody {
  const sub = readSubTxn(r, type);
  if (sub !== undefined) return sub;
  if (!insideMulti) {
    switch (type) {
      case OpCode.setACL: {
        const path = r.string();
        const acl = readAcl(r);
        return { type, path, acl, version: r.int() };
      }
      case OpCode.createSession:
        return { type, timeOut: r.int() };
      case OpCode.closeSession: {
        const n = r.count(4);
        const paths: string[] = new Array(n);
        for (let i = 0; i < n; i++) paths[i] = r.string();
        return { type, paths };
      }
      case OpCode.multi: {
        const n = r.count(4);
        const txns: MultiSubTxn[] = new Array(n);
        for (let i = 0; i < n; i++) txns[i] = readBody(r, r.int(), true) as MultiSubTxn;
        return { type, txns };
      }
    }
  }
  throw new DecodeError(
    'unknown-type',
    `unknown txn type ${type}${insideMulti ? ' inside multi' : ''}`,
    r.offset - 4,
  );
}

const scratch = new BinaryWriter(4096);
/** Encoded txns are views of shared slabs (they are small and short-lived: logged, then sent). */
const txnSlab = new ByteSlab();

/** The binary form of a txn, for the log and for replication. */
export function encodeTxn(txn: Txn): Uint8Array {
  scratch.length = 0;
  scratch.bigLong(txn.sessionId);
  scratch.int(txn.cxid);
  scratch.long(txn.zxid);
  scratch.long(txn.time);
  scratch.int(txn.body.type);
  writeBody(scratch, txn.body);
  return scratch.toSlab(txnSlab);
}

/** Inverse of encodeTxn; throws DecodeError (typed by `kind`) on malformed input. */
export function decodeTxn(bytes: Uint8Array): Txn {
  const r = new BinaryReader(bytes);
  const sessionId = r.bigLong();
  const cxid = r.int();
  const zxid = r.long();
  const time = r.long();
  const body = readBody(r, r.int(), false);
  if (r.remaining !== 0)
    throw new DecodeError('trailing-bytes', `${r.remaining} bytes after the txn`, r.offset);
  return { sessionId, cxid, zxid, time, body };
}
