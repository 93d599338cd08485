import type { Logger } from '../logger';
import type { QuorumTransportEvents } from './quorum-transport';

type Listeners = { [E in keyof QuorumTransportEvents]: Set<QuorumTransportEvents[E]> };

/**
 * The listeners of one transport. A listener that throws is a bug in the host; it is logged
 * rather than allowed to break the transport's socket handling.
 */
export class TransportListeners {
  private readonly listeners: Listeners = {
    message: new Set(),
    connected: new Set(),
    disconnected: new Set(),
  };
  /** Set by close(): nothing is reported after it. */
  silenced = false;

  constructor(private readonly logger: Logger) {}

  on<E extends keyof QuorumTransportEvents>(event: E, listener: QuorumTransportEvents[E]): void {
    this.listeners[event].add(listener);
  }

  off<E extends keyof QuorumTransportEvents>(event: E, listener: QuorumTransportEvents[E]): void {
    this.listeners[event].delete(listener);
  }

  message(from: number, bytes: Uint8Array): void {
    if (this.silenced) return;
    for (const listener of this.listeners.message) this.guard('message', () => listener(from, bytes));
  }

  connected(peerId: number): void {
    if (this.silenced) return;
    for (const listener of this.listeners.connected) this.guard('connected', () => listener(peerId));
  }

  disconnected(peerId: number): void {
    if (this.silenced) return;
    for (const listener of this.listeners.disconnected) this.guard('disconnected', () => listener(peerId));
  }

  private guard(event: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.logger.error(
        `internal error in a quorum ${event} listener: ${(error as Error)?.stack ?? String(error)}`,
      );
    }
  }
}
