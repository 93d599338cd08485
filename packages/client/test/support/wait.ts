import type { ConnectionStateType, ZooKeeperClient } from '../../src/index';

/** Resolves at the client's next transition into `type` (now, if it is already there). */
export function stateReached(client: ZooKeeperClient, type: ConnectionStateType): Promise<void> {
  return new Promise((resolve) => {
    if (client.state.type === type) return resolve();
    const listener = (state: { type: string }) => {
      if (state.type !== type) return;
      client.off('state', listener);
      resolve();
    };
    client.on('state', listener);
  });
}
