import { OpCode } from '../constants';
import { type BinaryReader, readAcl } from './binary';
import type { MultiSubTxn } from './txn';

/**
 * The records that may stand inside a multi, read from their jute-style big-endian layout. zkts's
 * own txn codec and the reader of ZooKeeper's txn logs share it: for these records the two
 * formats are the same bytes. Undefined for any other type.
 */
export function readSubTxn(r: BinaryReader, type: number): MultiSubTxn | undefined {
  switch (type) {
    case OpCode.create:
    case OpCode.create2: {
      const path = r.string();
      const data = r.bytesField();
      const acl = readAcl(r);
      const ephemeral = r.bool();
      return { type, path, data, acl, ephemeral, parentCVersion: r.int() };
    }
    case OpCode.createContainer: {
      const path = r.string();
      const data = r.bytesField();
      const acl = readAcl(r);
      return { type, path, data, acl, parentCVersion: r.int() };
    }
    case OpCode.createTTL: {
      const path = r.string();
      const data = r.bytesField();
      const acl = readAcl(r);
      const parentCVersion = r.int();
      return { type, path, data, acl, parentCVersion, ttl: r.long() };
    }
    case OpCode.delete:
    case OpCode.deleteContainer:
      return { type, path: r.string() };
    case OpCode.setData: {
      const path = r.string();
      const data = r.bytesField();
      return { type, path, data, version: r.int() };
    }
    case OpCode.check: {
      const path = r.string();
      return { type, path, version: r.int() };
    }
    case OpCode.error:
      return { type, err: r.int() };
    default:
      return undefined;
  }
}
