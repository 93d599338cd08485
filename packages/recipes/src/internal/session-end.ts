import type { ZooKeeperClient } from '@zkts/client';

/**
 * An AbortSignal that aborts when the client's session ends (expired, auth-failed or closed):
 * the ephemeral nodes a recipe held are then gone, or about to be, and whatever they
 * represented (a lock, leadership) is lost. `dispose` stops listening.
 */
export function sessionEndSignal(zk: ZooKeeperClient): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const terminal = zk.state.type;
  if (terminal === 'expired' || terminal === 'auth-failed' || terminal === 'closed') {
    controller.abort(new Error(`the session is ${terminal}`));
    return { signal: controller.signal, dispose: () => {} };
  }
  const onExpired = () => controller.abort(new Error('the session expired'));
  const onClosed = () => controller.abort(new Error('the session was closed'));
  const onAuthFailed = () => controller.abort(new Error('authentication failed'));
  zk.on('expired', onExpired);
  zk.on('closed', onClosed);
  zk.on('auth-failed', onAuthFailed);
  return {
    signal: controller.signal,
    dispose: () => {
      zk.off('expired', onExpired);
      zk.off('closed', onClosed);
      zk.off('auth-failed', onAuthFailed);
    },
  };
}
