import type { MetricsSource } from '../metrics/metric-catalog';
import type { ClientConnection } from './client-connection';
import type { ClientLink } from './client-link';
import type { ConnectionHost } from './connection-host';

/**
 * A server that serves clients, whatever its role (standalone, or an ensemble member): what
 * four-letter words, metrics and in-process clients need from it.
 */
export interface ServingHost extends ConnectionHost, Omit<MetricsSource, 'sessions'> {
  readonly connections: ReadonlySet<ClientConnection>;
  /** The client port actually bound (0 when none). */
  readonly boundPort: number;
  /** The TLS client port actually bound (-1 when none). */
  readonly boundSecurePort: number;
  /** ZooKeeper's trace mask as gtmk/stmk report and set it; zkts does not trace. */
  traceMask: number;
  /** A connection from this process (the in-process transport); undefined when refused. */
  openLink(
    remoteAddress: string,
    makeLink: (connection: ClientConnection) => ClientLink,
  ): ClientConnection | undefined;
}
