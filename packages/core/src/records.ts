/**
 * The client protocol's request and response records (zookeeper.jute) as plain objects, shared by
 * `@zkts/protocol` (which encodes and decodes them byte for byte) and the data tree (which
 * executes them). Field names follow the jute records. `type` is the opcode.
 */
import type { OpCode } from './constants';
import type { ACL, Stat, Zxid } from './types';

type Op<T extends OpCode> = { type: T };

/** create(1), create2(15), createContainer(19): CreateRequest{path, data, acl, flags}. */
export interface CreateRequest {
  path: string;
  data: Uint8Array;
  acl: ACL[];
  flags: number;
}
/** createTTL(21): CreateTTLRequest{path, data, acl, flags, ttl}. */
export interface CreateTTLRequest extends CreateRequest {
  ttl: number;
}
export interface DeleteRequest {
  path: string;
  version: number;
}
/** exists(3), getData(4), getChildren(8), getChildren2(12): {path, watch}. */
export interface PathWatchRequest {
  path: string;
  watch: boolean;
}
export interface SetDataRequest {
  path: string;
  data: Uint8Array;
  version: number;
}
/** getACL(6), sync(9), getAllChildrenNumber(104): {path}. */
export interface PathRequest {
  path: string;
}
export interface SetACLRequest {
  path: string;
  acl: ACL[];
  version: number;
}
/** check(13), inside multi only: CheckVersionRequest{path, version}. */
export interface CheckVersionRequest {
  path: string;
  version: number;
}
/**
 * checkWatches(17), removeWatches(18): jute's {path, type: WatcherType}. The watcher kind is
 * named `watcherType` here because `type` is the opcode tag of every ClientRequest.
 */
export interface WatchTypeRequest {
  path: string;
  watcherType: number;
}
export interface GetEphemeralsRequest {
  prefixPath: string;
}
export interface AddWatchRequest {
  path: string;
  mode: number;
}
export interface ReconfigRequest {
  joiningServers: string | null;
  leavingServers: string | null;
  newMembers: string | null;
  curConfigId: number;
}
/**
 * auth(100), xid −4: jute's AuthPacket{type, scheme, auth}. Its `type` (always 0 in practice)
 * is named `authType` here because `type` is the opcode tag of every ClientRequest.
 */
export interface AuthPacket {
  authType: number;
  scheme: string;
  auth: Uint8Array;
}
/** setWatches(101) and setWatches2(105), xid −8. The persistent lists are empty for 101. */
export interface SetWatchesRequest {
  relativeZxid: Zxid;
  dataWatches: string[];
  existWatches: string[];
  childWatches: string[];
  persistentWatches: string[];
  persistentRecursiveWatches: string[];
}
export interface SaslRequest {
  token: Uint8Array;
}

/** One operation of multi(14) or multiRead(22), tagged with its opcode. */
export type MultiOp =
  | (Op<typeof OpCode.create | typeof OpCode.create2 | typeof OpCode.createContainer> & CreateRequest)
  | (Op<typeof OpCode.createTTL> & CreateTTLRequest)
  | (Op<typeof OpCode.delete> & DeleteRequest)
  | (Op<typeof OpCode.setData> & SetDataRequest)
  | (Op<typeof OpCode.check> & CheckVersionRequest)
  | (Op<typeof OpCode.getData | typeof OpCode.getChildren> & PathRequest);

/** Every request a client can send after the handshake, tagged with its opcode. */
export type ClientRequest =
  | MultiOp
  | (Op<
      typeof OpCode.exists | typeof OpCode.getData | typeof OpCode.getChildren | typeof OpCode.getChildren2
    > &
      PathWatchRequest)
  | (Op<typeof OpCode.getACL | typeof OpCode.sync | typeof OpCode.getAllChildrenNumber> & PathRequest)
  | (Op<typeof OpCode.setACL> & SetACLRequest)
  | (Op<typeof OpCode.multi | typeof OpCode.multiRead> & { ops: MultiOp[] })
  | (Op<typeof OpCode.checkWatches | typeof OpCode.removeWatches> & WatchTypeRequest)
  | (Op<typeof OpCode.getEphemerals> & GetEphemeralsRequest)
  | (Op<typeof OpCode.addWatch> & AddWatchRequest)
  | (Op<typeof OpCode.reconfig> & ReconfigRequest)
  | (Op<typeof OpCode.auth> & AuthPacket)
  | (Op<typeof OpCode.setWatches | typeof OpCode.setWatches2> & SetWatchesRequest)
  | (Op<typeof OpCode.sasl> & SaslRequest)
  | Op<typeof OpCode.ping | typeof OpCode.closeSession | typeof OpCode.whoAmI>;

/** The result of one multi/multiRead op (MultiResponse entries); `error` carries ErrorResult. */
export type OpResult =
  | { type: typeof OpCode.create; path: string }
  | { type: typeof OpCode.create2; path: string; stat: Stat }
  | { type: typeof OpCode.delete }
  | { type: typeof OpCode.setData; stat: Stat }
  | { type: typeof OpCode.check }
  | { type: typeof OpCode.getData; data: Uint8Array; stat: Stat }
  | { type: typeof OpCode.getChildren; children: string[] }
  | { type: typeof OpCode.error; err: number };

export interface ClientInfo {
  authScheme: string;
  user: string;
}

/**
 * Response bodies by record (sent only when the reply's err is 0, except multi).
 * create(1) → CreateResponse; create2/createContainer/createTTL → Create2Response; and so on.
 */
export type ClientResponse =
  | { type: typeof OpCode.create; path: string }
  | {
      type: typeof OpCode.create2 | typeof OpCode.createContainer | typeof OpCode.createTTL;
      path: string;
      stat: Stat;
    }
  | { type: typeof OpCode.exists | typeof OpCode.setData | typeof OpCode.setACL; stat: Stat }
  | { type: typeof OpCode.getData; data: Uint8Array; stat: Stat }
  | { type: typeof OpCode.getACL; acl: ACL[]; stat: Stat }
  | { type: typeof OpCode.getChildren; children: string[] }
  | { type: typeof OpCode.getChildren2; children: string[]; stat: Stat }
  | { type: typeof OpCode.sync; path: string }
  | { type: typeof OpCode.multi | typeof OpCode.multiRead; results: OpResult[] }
  | { type: typeof OpCode.getEphemerals; ephemerals: string[] }
  | { type: typeof OpCode.getAllChildrenNumber; totalNumber: number }
  | { type: typeof OpCode.whoAmI; clientInfo: ClientInfo[] }
  | { type: typeof OpCode.reconfig; data: Uint8Array; stat: Stat }
  | { type: typeof OpCode.sasl; token: Uint8Array }
  | {
      type:
        | typeof OpCode.delete
        | typeof OpCode.ping
        | typeof OpCode.closeSession
        | typeof OpCode.checkWatches
        | typeof OpCode.removeWatches
        | typeof OpCode.addWatch
        | typeof OpCode.auth
        | typeof OpCode.setWatches
        | typeof OpCode.setWatches2;
    };

/** WatcherEvent{type, state, path}: a notification, sent with xid −1. */
export interface WatcherEvent {
  type: number;
  state: number;
  path: string;
}
