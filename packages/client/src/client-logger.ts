import { debuglog } from 'node:util';

/**
 * Where the client reports what it does: connection attempts, handshakes, state changes. A
 * library prints nothing by default; `NODE_DEBUG=zkts` turns the traces on (on stderr, through
 * util.debuglog), or pass your own (`{ debug: (m) => pino.debug(m) }`, `console`).
 */
export interface ClientLogger {
  debug(message: string): void;
}

/** The logger a client gets without one: NODE_DEBUG=zkts's traces, else nothing. */
export function defaultClientLogger(): ClientLogger | undefined {
  const log = debuglog('zkts');
  return log.enabled ? { debug: (message) => log('%s', message) } : undefined;
}
