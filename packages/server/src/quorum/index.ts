export { createEnsembleTransports, type EnsembleTransports } from './ensemble-transports';
export {
  InProcessQuorumNetwork,
  type InProcessQuorumNetworkOptions,
  type InProcessQuorumTransport,
  type LinkFaults,
} from './in-process-quorum-network';
export { DEFAULT_MAX_FRAME_BYTES, QUORUM_PROTOCOL_VERSION } from './quorum-frames';
export {
  DEFAULT_SEND_QUEUE_LIMITS,
  type QueueOverflow,
  type QuorumTransport,
  type QuorumTransportEvents,
  type SendQueueLimits,
} from './quorum-transport';
export {
  openTcpQuorumTransport,
  type QuorumPeerAddress,
  type QuorumTlsOptions,
  TcpQuorumTransport,
  type TcpQuorumTransportOptions,
} from './tcp-quorum-transport';
