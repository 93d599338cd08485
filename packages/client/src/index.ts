export {
  type ACL,
  ANYONE_ID_UNSAFE,
  AUTH_IDS,
  type ClientInfo,
  CREATOR_ALL_ACL,
  digestId,
  type Id,
  OPEN_ACL_UNSAFE,
  Perms,
  READ_ACL_UNSAFE,
  type Stat,
} from '@zkts/core';
export type { ClientMessage, ServerMessage } from '@zkts/protocol';
export {
  type CallOptions,
  type ClientEvents,
  type CreateOptions,
  createClient,
  type DeleteOptions,
  type ReadOptions,
  type VersionOption,
  type Watched,
  ZooKeeperClient,
} from './client';
export type { ClientLogger } from './client-logger';
export type { ClientOptions, RetryPolicy } from './client-options';
export { type ConnectString, parseConnectString, type ServerAddress } from './connect-string';
export type { ConnectionState, ConnectionStateType } from './connection-state';
export type { CreateModeName } from './create-mode';
export type { Data } from './data';
export { type Environment, systemEnvironment } from './environment';
export { ClientClosedError } from './errors/client-closed-error';
export * from './errors/error-classes';
export { errorForCode } from './errors/error-for-code';
export {
  type TransactionFailure,
  ZooKeeperError,
  type ZooKeeperErrorOptions,
} from './errors/zookeeper-error';
export type { SaslOptions } from './sasl-digest-md5';
export { tcpTransport, tlsTransport } from './tcp-transport';
export {
  type CheckOpResult,
  type CreateOpResult,
  type DeleteOpResult,
  type GetChildrenOpResult,
  type GetDataOpResult,
  type ReadOpFailure,
  type SetDataOpResult,
  Transaction,
  type TransactionCreateOptions,
} from './transaction';
export type {
  AnyTransport,
  ByteStream,
  ByteStreamReceiver,
  MessageStream,
  MessageStreamReceiver,
  MessageTransport,
  Transport,
} from './transport';
export type { TreeOptions } from './tree-operations';
export type { WatchEvent, WatchEventType } from './watch-event';
export type {
  PersistentWatchOptions,
  RemovableWatchType,
  WatchCallback,
  WatchOption,
  WatchStream,
  WatchSubscription,
  WatchTypeName,
} from './watches';
