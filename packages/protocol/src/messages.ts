/**
 * The client protocol's messages as plain objects, for a link that does not serialise (the
 * in-process transport): what a TCP connection would carry as frames, minus the bytes. A
 * `request` is the RequestHeader + record, a `reply` the ReplyHeader + record, a
 * `notification` a WatcherEvent (3.8 sends it with xid −1 and zxid −1).
 */
import type { ClientRequest, ClientResponse, WatcherEvent } from '@zkts/core';
import type { ConnectRequest } from './records/connect-request';
import type { ConnectResponse } from './records/connect-response';

/** What a client sends: first one `connect`, then requests (special xids included: ping, auth, setWatches). */
export type ClientMessage =
  | { kind: 'connect'; request: ConnectRequest }
  | { kind: 'request'; xid: number; request: ClientRequest };

/** What a server sends: first one `connected`, then replies and notifications in one ordered stream. */
export type ServerMessage =
  | { kind: 'connected'; response: ConnectResponse }
  | { kind: 'reply'; xid: number; zxid: number; err: number; response?: ClientResponse | undefined }
  | { kind: 'notification'; event: WatcherEvent };
