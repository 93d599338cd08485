import type { ClientOptions } from '@zkts/client';
import type { CreateServerOptions } from '@zkts/server';
import type { ManualClock } from './manual-clock';

export interface TestServerOptions extends Omit<CreateServerOptions, 'environment' | 'clock' | 'random'> {
  /**
   * `'real'` (default): real timers. `'manual'`: time moves only by `advance(ms)` / `tick()`,
   * for the server and every client made by `client()`. A `ManualClock` of your own shares it
   * (e.g. with clients you create yourself, or with other servers).
   */
  clock?: 'real' | 'manual' | ManualClock;
  /** Manual clock only: its start, ms since the epoch (default 2025-01-01T00:00Z, fixed). */
  startTime?: number;
  /** Manual clock only: the seed of its random source (default 1). */
  seed?: number;
  /**
   * The client port; default 0 (a free one, so test files in parallel never clash). A restart
   * binds the same port again.
   */
  port?: number;
}

export interface TestClientOptions extends Omit<ClientOptions, 'transport' | 'environment'> {
  /**
   * `'in-process'` (default): records passed as objects, no socket; the client follows the
   * server across `restart()`. `'tcp'`: a real socket to `connectString`.
   */
  transport?: 'in-process' | 'tcp';
  /** Appended to the connect string, e.g. `/app`. */
  chroot?: string;
}
