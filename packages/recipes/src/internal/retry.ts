import { ConnectionLossError, type ZooKeeperClient } from '@zkts/client';

/**
 * Runs `operation` until it does not fail with a connection loss, waiting for the session to
 * reconnect in between. Only for operations that are safe to repeat (a delete whose NoNode
 * the caller tolerates, a conditional set, a read).
 */
export async function untilConnected<T>(zk: ZooKeeperClient, operation: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (!ConnectionLossError.isInstance(error)) throw error;
      await afterConnectionLoss(zk);
    }
  }
}

/**
 * Waits for the next connection (the client is no longer `connected` by the time a request
 * fails with a connection loss, so this does not resolve at once).
 */
export async function afterConnectionLoss(zk: ZooKeeperClient): Promise<void> {
  await zk.connected();
}
