/**
 * The code under test in these examples: a worker that announces itself with an ephemeral
 * znode, follows its configuration znode, and stops serving when its session expires (its
 * announcement is gone then, so the rest of the system no longer sends it work).
 */
import { NodeExistsError, type ZooKeeperClient } from '@zkts/client';

export type WorkerStatus = 'serving' | 'expired' | 'stopped';

export class WorkerService {
  status: WorkerStatus = 'serving';
  /** The latest configuration read from `/config/<name>`. */
  config = '';
  private readonly listeners: Array<(config: string) => void> = [];

  private constructor(
    private readonly zk: ZooKeeperClient,
    readonly name: string,
  ) {}

  /** Announces `/workers/<name>` (ephemeral) and starts following `/config/<name>` (which must exist). */
  static async start(zk: ZooKeeperClient, name: string): Promise<WorkerService> {
    const service = new WorkerService(zk, name);
    zk.on('expired', () => {
      if (service.status === 'serving') service.status = 'expired';
    });
    await zk.create('/workers', '').catch(ignoreNodeExists);
    await zk.create(`/workers/${name}`, '', { mode: 'ephemeral' });
    await service.readConfig();
    return service;
  }

  /** Calls `listener` with each new configuration. */
  onConfig(listener: (config: string) => void): void {
    this.listeners.push(listener);
  }

  async stop(): Promise<void> {
    this.status = 'stopped';
    await this.zk.close();
  }

  /** Reads the config and re-arms its one-shot watch; each change reads it again. */
  private async readConfig(): Promise<void> {
    const { data, watch } = await this.zk.getData(`/config/${this.name}`, { watch: true });
    this.config = new TextDecoder().decode(data);
    for (const listener of this.listeners) listener(this.config);
    watch.then(
      () => {
        if (this.status === 'serving') this.readConfig().catch(() => {});
      },
      () => {}, // the session ended: nothing more to follow
    );
  }
}

function ignoreNodeExists(error: unknown): void {
  if (!NodeExistsError.isInstance(error)) throw error;
}
