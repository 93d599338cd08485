import { BadVersionError, NodeExistsError, NoNodeError, type ZooKeeperClient } from '@zkts/client';
import { ensurePath } from '../internal/ensure-path';
import { untilConnected } from '../internal/retry';

export interface Codec<T> {
  encode(value: T): Uint8Array;
  decode(data: Uint8Array): T;
}

/** Curator SharedCount's format: a 32-bit big-endian signed int. */
export const int32: Codec<number> = {
  encode(value) {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setInt32(0, value);
    return bytes;
  },
  decode(data) {
    return data.length < 4 ? 0 : new DataView(data.buffer, data.byteOffset, data.byteLength).getInt32(0);
  },
};

/**
 * A value in one znode, changed by compare-and-set on the node's version. `update(fn)` retries
 * on a conflicting write (and through connection losses, reading again each time) until its
 * write applies on the version it read. Persistent: it survives sessions.
 */
export class AtomicValue<T> {
  constructor(
    private readonly zk: ZooKeeperClient,
    readonly path: string,
    private readonly codec: Codec<T>,
    private readonly initial: T,
  ) {}

  /** The value and the version to pass to compareAndSet. */
  async get(): Promise<{ value: T; version: number }> {
    for (;;) {
      try {
        const { data, stat } = await untilConnected(this.zk, () => this.zk.getData(this.path));
        return { value: this.codec.decode(data), version: stat.version };
      } catch (error) {
        if (!NoNodeError.isInstance(error)) throw error;
        await this.create();
      }
    }
  }

  /**
   * The value, with a promise that settles at its next change (a one-shot data watch; it
   * rejects if the session ends). For waiting on the value, as a semaphore on its count does.
   */
  async getAndWatch(): Promise<{ value: T; version: number; changed: Promise<unknown> }> {
    for (;;) {
      try {
        const { data, stat, watch } = await untilConnected(this.zk, () =>
          this.zk.getData(this.path, { watch: true }),
        );
        return { value: this.codec.decode(data), version: stat.version, changed: watch };
      } catch (error) {
        if (!NoNodeError.isInstance(error)) throw error;
        await this.create();
      }
    }
  }

  /** Writes `value` if the node is still at `version`; false if another write came first. */
  async compareAndSet(version: number, value: T): Promise<boolean> {
    try {
      await this.zk.setData(this.path, this.codec.encode(value), { version });
      return true;
    } catch (error) {
      if (BadVersionError.isInstance(error)) return false;
      throw error;
    }
  }

  /** Applies `change` atomically; resolves to the value written. */
  async update(change: (value: T) => T): Promise<T> {
    for (;;) {
      const { value, version } = await this.get();
      const next = change(value);
      // a connection loss here rejects: whether the write applied is unknown, so no blind retry
      if (await this.compareAndSet(version, next)) return next;
    }
  }

  private async create(): Promise<void> {
    const parent = this.path.slice(0, this.path.lastIndexOf('/')) || '/';
    await ensurePath(this.zk, parent);
    await this.zk.create(this.path, this.codec.encode(this.initial)).catch((error: unknown) => {
      if (!NodeExistsError.isInstance(error)) throw error;
    });
  }
}

/** A shared integer counter in Curator SharedCount's format. */
export class SharedCounter extends AtomicValue<number> {
  constructor(zk: ZooKeeperClient, path: string, initial = 0) {
    super(zk, path, int32, initial);
  }

  add(delta: number): Promise<number> {
    return this.update((value) => value + delta);
  }

  /** Sets the count, whatever it was (Curator SharedCount.setCount). */
  async set(value: number): Promise<void> {
    await this.update(() => value);
  }
}
