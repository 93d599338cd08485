import type { ServerEnvironment } from './server-environment';

/**
 * The one timer a host keeps for session expiry: armed for the tracker's next expiry time
 * (`nextExpiryTime()`), re-armed only for an earlier one; `fire` runs when it is due.
 */
export class SessionExpiryTimer {
  #handle: unknown;
  #at: number | undefined;

  constructor(
    private readonly environment: ServerEnvironment,
    private readonly fire: () => void,
  ) {}

  /** Arms the timer for `at` (undefined: nothing to expire) unless it is due by then already. */
  scheduleAt(at: number | undefined): void {
    if (at === undefined) return;
    if (this.#at !== undefined && this.#at <= at) return;
    if (this.#handle !== undefined) this.environment.clearTimeout(this.#handle);
    this.#at = at;
    this.#handle = this.environment.setTimeout(
      () => {
        this.#handle = undefined;
        this.#at = undefined;
        this.fire();
      },
      Math.max(0, at - this.environment.now()),
    );
  }

  stop(): void {
    if (this.#handle !== undefined) this.environment.clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#at = undefined;
  }
}
