import type { Logger } from '../logger';
import type { ServerStats } from '../metrics/server-stats';
import type { ClientConnection } from './client-connection';

/**
 * The client connections of one server, whatever its role: admission (maxClientCnxns per IP),
 * the server-wide count of outstanding requests with its throttle (globalOutstandingLimit), and
 * one flush of every connection's output per turn.
 */
export class ConnectionRegistry {
  readonly connections = new Set<ClientConnection>();
  readonly #byIp = new Map<string, number>();
  readonly #throttled = new Set<ClientConnection>();
  readonly #dirty: ClientConnection[] = [];
  #outputScheduled = false;
  #outstanding = 0;

  constructor(
    private readonly limits: { readonly maxClientCnxns: number; readonly globalOutstandingLimit: number },
    private readonly stats: ServerStats,
    private readonly logger: Logger,
  ) {}

  /** Requests received and not answered yet, over all connections. */
  get outstanding(): number {
    return this.#outstanding;
  }

  /** Whether a new connection from `ip` may open (under maxClientCnxns); counts it when it may. */
  admit(ip: string): boolean {
    const count = this.#byIp.get(ip) ?? 0;
    const max = this.limits.maxClientCnxns;
    if (max > 0 && count >= max) {
      this.stats.connectionsRejected++;
      this.logger.warn(`too many connections from ${ip} - max is ${max}; closing the new one`);
      return false;
    }
    this.#byIp.set(ip, count + 1);
    return true;
  }

  add(connection: ClientConnection): void {
    this.connections.add(connection);
  }

  /** Forgets a closed connection; false when it was not (or no longer) registered. */
  remove(connection: ClientConnection): boolean {
    if (!this.connections.delete(connection)) return false;
    const ip = connection.remoteAddress;
    const count = (this.#byIp.get(ip) ?? 1) - 1;
    if (count <= 0) this.#byIp.delete(ip);
    else this.#byIp.set(ip, count);
    this.#throttled.delete(connection);
    return true;
  }

  requestQueued(): void {
    this.#outstanding++;
  }

  requestDone(): void {
    this.#outstanding--;
    if (this.#throttled.size > 0 && this.#outstanding < this.limits.globalOutstandingLimit) {
      for (const connection of this.#throttled) connection.resume();
      this.#throttled.clear();
    }
  }

  throttleIfBusy(connection: ClientConnection): void {
    if (this.#outstanding >= this.limits.globalOutstandingLimit) {
      connection.pause();
      this.#throttled.add(connection);
    }
  }

  /** The connection has output: flushed with every other one at the end of this turn. */
  scheduleOutput(connection: ClientConnection): void {
    this.#dirty.push(connection);
    if (this.#outputScheduled) return;
    this.#outputScheduled = true;
    queueMicrotask(() => this.#flushOutput());
  }

  #flushOutput(): void {
    this.#outputScheduled = false;
    const dirty = this.#dirty;
    for (let i = 0; i < dirty.length; i++) dirty[i]!.flushOutput();
    dirty.length = 0;
  }
}
