import type { ZooKeeperError } from './errors/zookeeper-error';

/**
 * The client's connection state. `connecting` is the search for a first session; `disconnected`
 * means the session is suspended (the client is reconnecting and the session may still be alive);
 * `expired`, `auth-failed` and `closed` are terminal.
 */
export type ConnectionState =
  | { type: 'connecting' }
  | { type: 'connected'; server: string; sessionId: bigint; timeout: number }
  | { type: 'connected-read-only'; server: string; sessionId: bigint; timeout: number }
  | { type: 'disconnected'; reason: ZooKeeperError | Error }
  | { type: 'expired'; error: ZooKeeperError }
  | { type: 'auth-failed'; error: ZooKeeperError }
  | { type: 'closed' };

export type ConnectionStateType = ConnectionState['type'];

export function isTerminal(state: ConnectionState): boolean {
  return state.type === 'expired' || state.type === 'auth-failed' || state.type === 'closed';
}

export function isConnected(state: ConnectionState): boolean {
  return state.type === 'connected' || state.type === 'connected-read-only';
}
