import { type Id, OpCode } from '@zkts/core';
import { decodeRequest, encodeRequest, JuteReader, JuteWriter } from '@zkts/protocol';
import { isWriteRequest } from '../connection/request-kind';
import type { WriteInput } from '../pipeline/pending-write';

/**
 * The payload of a Zab REQUEST: a client write a learner hands to the leader, which preps it
 * (ZooKeeper forwards the request bytes and the session's auth info the same way). Ours, not
 * ZooKeeper's:
 *
 *   payload = kind:int authCount:int (scheme:ustring id:ustring)* body
 *   kind 0  = a client request, as its jute frame body (xid = cxid)
 *   kind 1  = createSession: timeOut:int      kind 2 = a forced ErrorTxn: err:int
 *   kind 3  = closeSession                     kind 4 = deleteContainer: path:ustring
 */
export interface ForwardedRequest {
  readonly input: WriteInput;
  readonly authIds: readonly Id[];
}

const writer = new JuteWriter();

export function encodeForwardedRequest(cxid: number, input: WriteInput, authIds: readonly Id[]): Uint8Array {
  const w = writer;
  const kind =
    input.type === OpCode.createSession
      ? 1
      : input.type === OpCode.error
        ? 2
        : input.type === OpCode.closeSession
          ? 3
          : input.type === OpCode.deleteContainer
            ? 4
            : 0;
  w.writeInt(kind);
  w.writeInt(authIds.length);
  for (const id of authIds) {
    w.writeString(id.scheme);
    w.writeString(id.id);
  }
  switch (input.type) {
    case OpCode.createSession:
      w.writeInt(input.timeOut);
      break;
    case OpCode.error:
      w.writeInt(input.err);
      break;
    case OpCode.closeSession:
      break;
    case OpCode.deleteContainer:
      w.writeString(input.path);
      break;
    default:
      // a frame with its length prefix; the body follows the prefix
      w.writeBuffer(encodeRequest(cxid, input).subarray(4));
  }
  return w.take(); // a view the writer never writes over again
}

/** Throws (ProtocolError or Error) on a payload that is not one of ours: the caller drops it. */
export function decodeForwardedRequest(payload: Uint8Array): ForwardedRequest {
  const r = new JuteReader(payload);
  const kind = r.readInt();
  const count = r.readCount(8, 'auth ids');
  const authIds: Id[] = [];
  for (let i = 0; i < count; i++) authIds.push({ scheme: r.readString(), id: r.readString() });
  let input: WriteInput;
  switch (kind) {
    case 0: {
      const { request } = decodeRequest(r.readBuffer());
      if (!isWriteRequest(request)) throw new Error(`forwarded request of type ${request.type} is no write`);
      input = request;
      break;
    }
    case 1:
      input = { type: OpCode.createSession, timeOut: r.readInt() };
      break;
    case 2:
      input = { type: OpCode.error, err: r.readInt() };
      break;
    case 3:
      input = { type: OpCode.closeSession };
      break;
    case 4:
      input = { type: OpCode.deleteContainer, path: r.readString() };
      break;
    default:
      throw new Error(`unknown forwarded request kind ${kind}`);
  }
  if (r.remaining !== 0) throw new Error(`${r.remaining} trailing bytes in a forwarded request`);
  return { input, authIds };
}
