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
 * Waits for the next connection. A macrotask first: right after a loss the client may still
 * report `connected` while its link is already gone, and retrying in microtasks alone would
 * spin without ever letting it notice.
 */
export async function afterConnectionLoss(zk: ZooKeeperClient): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  await zk.connected();
}
