import { OpCode } from '../constants';
import { adler32, BinaryReader, DecodeError, readAcl } from './binary';
import type { MultiSubTxn, Txn, TxnBody } from './txn';
import { readSubTxn } from './txn-records';

/*
 * A ZooKeeper 3.x txn log file (FileTxnLog, `log.<hex zxid>`), jute big-endian:
 *   FileHeader  magic:int("ZKLG") version:int(2) dbid:long
 *   entry*      checksum:long (Adler-32 of txn) length:int txn:byte[length] EOR:byte(0x42)
 *   then zeros (preallocation): a zero length ends the log
 * txn = TxnHeader(clientId:long cxid:int zxid:long time:long type:int) record [TxnDigest]
 *   create/create2 CreateTxn(path data acl ephemeral:boolean parentCVersion:int)
 *   createContainer(path data acl parentCVersion)  createTTL(path data acl parentCVersion ttl:long)
 *   delete/deleteContainer(path)  setData/reconfig(path data version)  setACL(path acl version)
 *   check(path version)  error(err)  createSession(timeOut)  closeSession([paths:vector<ustring>])
 *   multi: vector of (type:int data:buffer), each data a record above
 */
const LOG_MAGIC = 0x5a4b4c47; // "ZKLG"
const END_OF_RECORD = 0x42;

function readBody(r: BinaryReader, type: number, zxid: number): TxnBody {
  switch (type) {
    case OpCode.reconfig: {
      // a SetDataTxn on /zookeeper/config
      const path = r.string();
      const data = r.bytesField();
      return { type: OpCode.setData, path, data, version: r.int() };
    }
    case OpCode.setACL: {
      const path = r.string();
      const acl = readAcl(r);
      return { type, path, acl, version: r.int() };
    }
    case OpCode.createSession:
      return { type, timeOut: r.int() };
    case OpCode.closeSession: {
      // the ephemerals are listed unless zookeeper.closeSessionTxn.enabled was off; apply
      // deletes the session's remaining ephemerals either way
      const paths: string[] = [];
      if (r.remaining >= 4) for (let n = r.count(4); n > 0; n--) paths.push(r.string());
      return { type, paths };
    }
    case OpCode.multi: {
      const txns: MultiSubTxn[] = [];
      for (let n = r.count(8); n > 0; n--) {
        const subType = r.int();
        const sub = readSubTxn(new BinaryReader(r.bytesField()), subType);
        if (sub === undefined)
          throw new DecodeError('unknown-type', `txn type ${subType} inside multi at zxid ${zxid}`, r.offset);
        txns.push(sub);
      }
      return { type, txns };
    }
  }
  const sub = readSubTxn(r, type);
  if (sub === undefined) throw new DecodeError('unknown-type', `txn type ${type} at zxid ${zxid}`, r.offset);
  return sub;
}

/** One ZooKeeper txn (header and record; a trailing TxnDigest is ignored). */
export function decodeZooKeeperTxn(bytes: Uint8Array): Txn {
  const r = new BinaryReader(bytes);
  const sessionId = r.bigLong();
  const cxid = r.int();
  const zxid = r.long();
  const time = r.long();
  const type = r.int();
  return { sessionId, cxid, zxid, time, body: readBody(r, type, zxid) };
}

export interface ZooKeeperLogRead {
  txns: Txn[];
  /** Why reading stopped before the end (a torn or damaged entry); undefined at a clean end. */
  damage?: string;
}

/**
 * The txns of one ZooKeeper log file, each checked against its Adler-32. Reading stops at the
 * zero padding, at the end of the file, or at the first damaged entry (reported, as ZooKeeper
 * itself stops replaying there).
 */
export function readZooKeeperTxnLog(bytes: Uint8Array): ZooKeeperLogRead {
  const r = new BinaryReader(bytes);
  if (r.int() !== LOG_MAGIC) throw new DecodeError('bad-magic', 'not a ZooKeeper txn log (magic ZKLG)', 0);
  const version = r.int();
  if (version !== 2) throw new DecodeError('bad-version', `ZooKeeper txn log version ${version}`, 4);
  r.long(); // dbid
  const txns: Txn[] = [];
  while (r.remaining >= 12) {
    const at = r.offset;
    const checksum = r.long();
    const length = r.int();
    if (length === 0 && checksum === 0) return { txns };
    if (length < 0 || length + 1 > r.remaining) return { txns, damage: `entry at offset ${at} is cut short` };
    const entry = r.raw(length);
    if (adler32(entry) !== checksum) return { txns, damage: `entry at offset ${at}: Adler-32 mismatch` };
    if (r.raw(1)[0] !== END_OF_RECORD)
      return { txns, damage: `entry at offset ${at} lacks its end-of-record byte` };
    txns.push(decodeZooKeeperTxn(entry));
  }
  return { txns };
}
