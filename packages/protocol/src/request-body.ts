/**
 * Which record follows the RequestHeader for each opcode. ping(11), closeSession(−11) and
 * whoAmI(107) are the header alone. deleteContainer(20) is server-internal (the container
 * reaper) and never sent by clients, so it is not accepted here.
 */
import { type ClientRequest, OpCode } from '@zkts/core';
import { ProtocolError } from './errors';
import type { JuteReader } from './jute/reader';
import type { JuteWriter } from './jute/writer';
import { readAddWatchRequest, writeAddWatchRequest } from './records/add-watch';
import { readAuthPacket, writeAuthPacket } from './records/auth-packet';
import { readCheckVersionRequest, writeCheckVersionRequest } from './records/check-version';
import {
  readCreateRequest,
  readCreateTTLRequest,
  writeCreateRequest,
  writeCreateTTLRequest,
} from './records/create';
import { readDeleteRequest, writeDeleteRequest } from './records/delete';
import { readMultiRequest, writeMultiRequest } from './records/multi';
import { readPathRecord, writePathRecord } from './records/path';
import { writePathWatchRequest } from './records/path-watch';
import { readReconfigRequest, writeReconfigRequest } from './records/reconfig';
import { readSaslToken, writeSaslToken } from './records/sasl';
import { readSetACLRequest, writeSetACLRequest } from './records/set-acl';
import { writeSetDataRequest } from './records/set-data';
import { readSetWatches, writeSetWatches } from './records/set-watches';
import { readWatchTypeRequest, writeWatchTypeRequest } from './records/watch-type';

export function writeRequestBody(w: JuteWriter, request: ClientRequest): void {
  switch (request.type) {
    case OpCode.getData:
    case OpCode.exists:
    case OpCode.getChildren:
    case OpCode.getChildren2:
      writePathWatchRequest(w, request);
      return;
    case OpCode.setData:
      writeSetDataRequest(w, request);
      return;
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
      writeCreateRequest(w, request);
      return;
    case OpCode.createTTL:
      writeCreateTTLRequest(w, request);
      return;
    case OpCode.delete:
      writeDeleteRequest(w, request);
      return;
    case OpCode.check:
      writeCheckVersionRequest(w, request);
      return;
    case OpCode.getACL:
    case OpCode.sync:
    case OpCode.getAllChildrenNumber:
      writePathRecord(w, request.path);
      return;
    case OpCode.getEphemerals:
      writePathRecord(w, request.prefixPath);
      return;
    case OpCode.setACL:
      writeSetACLRequest(w, request);
      return;
    case OpCode.multi:
    case OpCode.multiRead:
      writeMultiRequest(w, request.ops);
      return;
    case OpCode.checkWatches:
    case OpCode.removeWatches:
      writeWatchTypeRequest(w, request);
      return;
    case OpCode.addWatch:
      writeAddWatchRequest(w, request);
      return;
    case OpCode.reconfig:
      writeReconfigRequest(w, request);
      return;
    case OpCode.auth:
      writeAuthPacket(w, request);
      return;
    case OpCode.setWatches:
      writeSetWatches(w, request, false);
      return;
    case OpCode.setWatches2:
      writeSetWatches(w, request, true);
      return;
    case OpCode.sasl:
      writeSaslToken(w, request);
      return;
    case OpCode.ping:
    case OpCode.closeSession:
    case OpCode.whoAmI:
      return;
    default:
      throw new ProtocolError(
        'unknown-opcode',
        `cannot encode a request of type ${(request as { type: number }).type}`,
      );
  }
}

export function readRequestBody(r: JuteReader, type: number): ClientRequest {
  switch (type) {
    // The hot reads and writes are built in place: no intermediate object to spread.
    case OpCode.getData:
    case OpCode.exists:
    case OpCode.getChildren:
    case OpCode.getChildren2:
      return { type, path: r.readString(), watch: r.readBool() };
    case OpCode.setData:
      return { type, path: r.readString(), data: r.readBuffer(), version: r.readInt() };
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
      return { type, ...readCreateRequest(r) };
    case OpCode.createTTL:
      return { type, ...readCreateTTLRequest(r) };
    case OpCode.delete:
      return { type, ...readDeleteRequest(r) };
    case OpCode.check:
      return { type, ...readCheckVersionRequest(r) };
    case OpCode.getACL:
    case OpCode.sync:
    case OpCode.getAllChildrenNumber:
      return { type, path: readPathRecord(r) };
    case OpCode.getEphemerals:
      return { type, prefixPath: readPathRecord(r) };
    case OpCode.setACL:
      return { type, ...readSetACLRequest(r) };
    case OpCode.multi:
    case OpCode.multiRead:
      return { type, ops: readMultiRequest(r) };
    case OpCode.checkWatches:
    case OpCode.removeWatches:
      return { type, ...readWatchTypeRequest(r) };
    case OpCode.addWatch:
      return { type, ...readAddWatchRequest(r) };
    case OpCode.reconfig:
      return { type, ...readReconfigRequest(r) };
    case OpCode.auth:
      return { type, ...readAuthPacket(r) };
    case OpCode.setWatches:
      return { type, ...readSetWatches(r, false) };
    case OpCode.setWatches2:
      return { type, ...readSetWatches(r, true) };
    case OpCode.sasl:
      return { type, ...readSaslToken(r) };
    case OpCode.ping:
    case OpCode.closeSession:
    case OpCode.whoAmI:
      return { type };
    default:
      throw new ProtocolError('unknown-opcode', `unknown request opcode ${type}`);
  }
}
