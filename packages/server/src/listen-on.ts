import type { AddressInfo, Server as NetServer } from 'node:net';
import type { Logger } from './logger';

/**
 * Listens; on failure runs `closeServer` and throws an error naming the address (and `what`,
 * unless it is the client port). Resolves to the bound port.
 */
export async function listenOn(
  listener: NetServer,
  what: string,
  port: number,
  host: string,
  logger: Logger,
  closeServer: () => Promise<void>,
): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(port, host, () => {
        listener.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await closeServer();
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const prefix = what === 'client port' ? '' : `${what}: `;
    throw new Error(`${prefix}cannot listen on ${host}:${port}: ${reason}`, { cause: error });
  }
  listener.on('error', (error) => logger.error(`${what}: ${error.message}`));
  return (listener.address() as AddressInfo).port;
}
