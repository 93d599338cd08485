/**
 * Which record follows the ReplyHeader for each request opcode. The client knows the opcode of
 * each outstanding xid, so the opcode is passed in. Bodies are sent only when err is 0, with
 * one exception the server makes: multi always answers with a MultiResponse.
 * Replies with no body: delete, ping, closeSession, checkWatches, removeWatches, auth,
 * setWatches, setWatches2 (and check). addWatch is answered with ErrorResponse{err: 0}.
 */
import { type ClientResponse, OpCode } from '@zkts/core';
import { ProtocolError } from './errors';
import type { JuteReader } from './jute/reader';
import type { JuteWriter } from './jute/writer';
import { readAclVector } from './records/acl';
import { readCreate2Response, writeCreate2Response } from './records/create';
import { readErrorResponse, writeErrorResponse } from './records/error-response';
import { writeGetACLResponse } from './records/get-acl';
import { readGetAllChildrenNumberResponse } from './records/get-all-children-number';
import { writeGetChildren2Response } from './records/get-children';
import { writeGetDataResponse } from './records/get-data';
import { readMultiResponse, writeMultiResponse } from './records/multi';
import { readStat, writeStat } from './records/stat';
import { readWhoAmIResponse, writeWhoAmIResponse } from './records/who-am-i';

export function writeResponseBody(w: JuteWriter, response: ClientResponse): void {
  switch (response.type) {
    case OpCode.getData:
    case OpCode.reconfig:
      writeGetDataResponse(w, response);
      return;
    case OpCode.exists:
    case OpCode.setData:
    case OpCode.setACL:
      writeStat(w, response.stat);
      return;
    case OpCode.create:
    case OpCode.sync:
      w.writeString(response.path);
      return;
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      writeCreate2Response(w, response);
      return;
    case OpCode.getChildren:
      w.writeStringVector(response.children);
      return;
    case OpCode.getChildren2:
      writeGetChildren2Response(w, response);
      return;
    case OpCode.getACL:
      writeGetACLResponse(w, response);
      return;
    case OpCode.multi:
    case OpCode.multiRead:
      writeMultiResponse(w, response.results);
      return;
    case OpCode.getEphemerals:
      w.writeStringVector(response.ephemerals);
      return;
    case OpCode.getAllChildrenNumber:
      w.writeInt(response.totalNumber);
      return;
    case OpCode.whoAmI:
      writeWhoAmIResponse(w, response);
      return;
    case OpCode.sasl:
      w.writeBuffer(response.token);
      return;
    case OpCode.addWatch:
      writeErrorResponse(w, 0);
      return;
    case OpCode.delete:
    case OpCode.ping:
    case OpCode.closeSession:
    case OpCode.checkWatches:
    case OpCode.removeWatches:
    case OpCode.auth:
    case OpCode.setWatches:
    case OpCode.setWatches2:
      return;
    default:
      throw new ProtocolError(
        'unknown-opcode',
        `cannot encode a response of type ${(response as { type: number }).type}`,
      );
  }
}

export function readResponseBody(r: JuteReader, type: number): ClientResponse {
  switch (type) {
    case OpCode.getData:
    case OpCode.reconfig:
      return { type, data: r.readBuffer(), stat: readStat(r) };
    case OpCode.exists:
    case OpCode.setData:
    case OpCode.setACL:
      return { type, stat: readStat(r) };
    case OpCode.create:
    case OpCode.sync:
      return { type, path: r.readString() };
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return { type, ...readCreate2Response(r) };
    case OpCode.getChildren:
      return { type, children: r.readStringVector('children') };
    case OpCode.getChildren2:
      return { type, children: r.readStringVector('children'), stat: readStat(r) };
    case OpCode.getACL:
      return { type, acl: readAclVector(r), stat: readStat(r) };
    case OpCode.multi:
    case OpCode.multiRead:
      return { type, results: readMultiResponse(r) };
    case OpCode.getEphemerals:
      return { type, ephemerals: r.readStringVector('ephemerals') };
    case OpCode.getAllChildrenNumber:
      return { type, ...readGetAllChildrenNumberResponse(r) };
    case OpCode.whoAmI:
      return { type, ...readWhoAmIResponse(r) };
    case OpCode.sasl:
      return { type, token: r.readBuffer() };
    case OpCode.addWatch:
      if (r.remaining > 0) readErrorResponse(r);
      return { type };
    case OpCode.delete:
    case OpCode.ping:
    case OpCode.closeSession:
    case OpCode.checkWatches:
    case OpCode.removeWatches:
    case OpCode.auth:
    case OpCode.setWatches:
    case OpCode.setWatches2:
      return { type };
    case OpCode.check:
      // ZooKeeper 3.8 also executes check outside multi (a write: it takes a zxid) and answers
      // with the header alone. core's ClientResponse has no such variant, hence the cast.
      return { type } as unknown as ClientResponse;
    default:
      throw new ProtocolError('unknown-opcode', `no response record is known for opcode ${type}`);
  }
}
