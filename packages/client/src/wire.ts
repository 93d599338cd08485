/**
 * The client's only doorway to the wire codec (@zkts/protocol). Everything the client sends or
 * parses goes through these few functions, so the codec can change shape in one place.
 */
export {
  decodeConnectResponse,
  decodeReplyHeader,
  decodeResponse,
  decodeWatcherEvent,
  encodeConnectRequest,
  encodeRequest,
  FrameParser,
  ProtocolError,
} from '@zkts/protocol';
