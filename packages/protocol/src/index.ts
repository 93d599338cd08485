/**
 * @zkts/protocol — ZooKeeper 3.8's client wire protocol (jute), byte for byte: pure functions
 * over Uint8Array, no I/O.
 */
export {
  type DecodedNotification,
  type DecodedRequest,
  type DecodedResponse,
  decodeConnectRequest,
  decodeConnectResponse,
  decodeNotification,
  decodeReplyHeader,
  decodeRequest,
  decodeResponse,
  decodeWatcherEvent,
  encodeConnectRequest,
  encodeConnectResponse,
  encodeNotification,
  encodeRequest,
  encodeResponse,
} from './codec';
export { ProtocolError, type ProtocolErrorReason } from './errors';
export { FrameParser, type FrameParserOptions } from './frame-parser';
export { FrameWriter } from './frame-writer';
export { isNullBuffer, NULL_BUFFER } from './jute/null-buffer';
export { JuteReader } from './jute/reader';
export { JuteWriter } from './jute/writer';
export type { ClientMessage, ServerMessage } from './messages';
export type { ConnectRequest } from './records/connect-request';
export type { ConnectResponse } from './records/connect-response';
export type { ReplyHeader } from './records/reply-header';
export type { RequestHeader } from './records/request-header';
export { STAT_SIZE } from './records/stat';
