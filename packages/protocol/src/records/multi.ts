/**
 * multi(14) and multiRead(22) (zookeeper.jute, MultiOperationRecord / MultiResponse):
 *   MultiHeader { int type; boolean done; int err }
 *   request  = ( MultiHeader{type: op, done: false, err: −1} op-record )*  MultiHeader{−1, true, −1}
 *   response = ( MultiHeader{type: result, done: false, err} result-record )*  MultiHeader{−1, true, −1}
 * Op records: create/create2/createContainer → CreateRequest, createTTL → CreateTTLRequest,
 * delete → DeleteRequest, setData → SetDataRequest, check → CheckVersionRequest,
 * getData/getChildren (multiRead) → {path, watch: false}.
 * Result records: create → CreateResponse, create2 → Create2Response (the server answers
 * create2/createTTL/createContainer ops with it), delete and check → nothing, setData → Stat,
 * getData → GetDataResponse, getChildren → GetChildrenResponse, error(−1) → ErrorResponse{int err}
 * with the header's err carrying the same code (0 for the others).
 * A failed multi is still a MultiResponse: ops before the failing one report OK (0), the
 * failing one its code, later ones RUNTIMEINCONSISTENCY (−2). multiRead is not atomic: each
 * failed read is an ErrorResult of its own.
 */
import { type MultiOp, OpCode, type OpResult } from '@zkts/core';
import { ProtocolError } from '../errors';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';
import { readCheckVersionRequest, writeCheckVersionRequest } from './check-version';
import {
  readCreate2Response,
  readCreateRequest,
  readCreateResponse,
  readCreateTTLRequest,
  writeCreate2Response,
  writeCreateRequest,
  writeCreateResponse,
  writeCreateTTLRequest,
} from './create';
import { readDeleteRequest, writeDeleteRequest } from './delete';
import { readGetChildrenResponse, writeGetChildrenResponse } from './get-children';
import { readGetDataResponse, writeGetDataResponse } from './get-data';
import { writePathWatchRequest } from './path-watch';
import { readSetDataRequest, writeSetDataRequest } from './set-data';
import { readStat, writeStat } from './stat';

/** MultiHeader is 9 bytes: the least one op or result can take, which caps forged lists. */
const MULTI_HEADER_SIZE = 9;

function writeMultiHeader(w: JuteWriter, type: number, done: boolean, err: number): void {
  w.writeInt(type);
  w.writeBool(done);
  w.writeInt(err);
}

function writeEnd(w: JuteWriter): void {
  writeMultiHeader(w, -1, true, -1);
}

export function writeMultiRequest(w: JuteWriter, ops: readonly MultiOp[]): void {
  for (const op of ops) {
    writeMultiHeader(w, op.type, false, -1);
    switch (op.type) {
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createContainer:
        writeCreateRequest(w, op);
        break;
      case OpCode.createTTL:
        writeCreateTTLRequest(w, op);
        break;
      case OpCode.delete:
        writeDeleteRequest(w, op);
        break;
      case OpCode.setData:
        writeSetDataRequest(w, op);
        break;
      case OpCode.check:
        writeCheckVersionRequest(w, op);
        break;
      case OpCode.getData:
      case OpCode.getChildren:
        writePathWatchRequest(w, op);
        break;
      default:
        throw new ProtocolError('invalid-value', `op type ${(op as MultiOp).type} cannot be part of a multi`);
    }
  }
  writeEnd(w);
}

export function readMultiRequest(r: JuteReader): MultiOp[] {
  const ops: MultiOp[] = [];
  for (;;) {
    const type = r.readInt();
    const done = r.readBool();
    r.readInt(); // err: always −1 in requests
    if (done) return ops;
    if (r.remaining < MULTI_HEADER_SIZE)
      throw new ProtocolError('truncated', 'multi request ends without its terminator');
    switch (type) {
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createContainer:
        ops.push({ type, ...readCreateRequest(r) });
        break;
      case OpCode.createTTL:
        ops.push({ type, ...readCreateTTLRequest(r) });
        break;
      case OpCode.delete:
        ops.push({ type, ...readDeleteRequest(r) });
        break;
      case OpCode.setData:
        ops.push({ type, ...readSetDataRequest(r) });
        break;
      case OpCode.check:
        ops.push({ type, ...readCheckVersionRequest(r) });
        break;
      case OpCode.getData:
      case OpCode.getChildren: {
        const path = r.readString();
        r.readBool(); // watch: ignored by the server inside multiRead
        ops.push({ type, path });
        break;
      }
      default:
        throw new ProtocolError('invalid-value', `op type ${type} cannot be part of a multi`);
    }
  }
}

export function writeMultiResponse(w: JuteWriter, results: readonly OpResult[]): void {
  for (const result of results) {
    switch (result.type) {
      case OpCode.create:
        writeMultiHeader(w, result.type, false, 0);
        writeCreateResponse(w, result);
        break;
      case OpCode.create2:
        writeMultiHeader(w, result.type, false, 0);
        writeCreate2Response(w, result);
        break;
      case OpCode.delete:
      case OpCode.check:
        writeMultiHeader(w, result.type, false, 0);
        break;
      case OpCode.setData:
        writeMultiHeader(w, result.type, false, 0);
        writeStat(w, result.stat);
        break;
      case OpCode.getData:
        writeMultiHeader(w, result.type, false, 0);
        writeGetDataResponse(w, result);
        break;
      case OpCode.getChildren:
        writeMultiHeader(w, result.type, false, 0);
        writeGetChildrenResponse(w, result);
        break;
      case OpCode.error:
        writeMultiHeader(w, result.type, false, result.err);
        w.writeInt(result.err);
        break;
      default:
        throw new ProtocolError(
          'invalid-value',
          `result type ${(result as OpResult).type} cannot be part of a multi`,
        );
    }
  }
  writeEnd(w);
}

export function readMultiResponse(r: JuteReader): OpResult[] {
  const results: OpResult[] = [];
  for (;;) {
    const type = r.readInt();
    const done = r.readBool();
    r.readInt(); // err: repeated in the ErrorResponse body for error results
    if (done) return results;
    if (r.remaining < MULTI_HEADER_SIZE)
      throw new ProtocolError('truncated', 'multi response ends without its terminator');
    switch (type) {
      case OpCode.create:
        results.push({ type, ...readCreateResponse(r) });
        break;
      case OpCode.create2:
        results.push({ type, ...readCreate2Response(r) });
        break;
      case OpCode.delete:
      case OpCode.check:
        results.push({ type });
        break;
      case OpCode.setData:
        results.push({ type, stat: readStat(r) });
        break;
      case OpCode.getData:
        results.push({ type, ...readGetDataResponse(r) });
        break;
      case OpCode.getChildren:
        results.push({ type, ...readGetChildrenResponse(r) });
        break;
      case OpCode.error:
        results.push({ type, err: r.readInt() });
        break;
      default:
        throw new ProtocolError('invalid-value', `result type ${type} cannot be part of a multi`);
    }
  }
}
