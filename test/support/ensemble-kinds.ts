/**
 * The ensembles the ensemble tests and benchmarks run against, the same code for each: the real
 * Apache ZooKeeper 3.8 (`zookeeper`: one QuorumPeerMain JVM per member, the reference) and
 * zkts (`zkts`: one `zkts server --config zoo.cfg` process per member, from
 * `zkts-ensemble-processes.ts`).
 *
 *   for (const kind of await ensembleKinds()) {
 *     describe.skipIf(kind.skipReason !== undefined)(`… (${kind.name})`, () => { … });
 *   }
 *
 * Selection: `ZKTS_TARGETS=zookeeper,zkts` (default both), as for the standalone suites. A kind
 * that cannot run here is returned with a `skipReason`, except the real ZooKeeper in CI (CI
 * installs it, so there a missing one must fail).
 */
import { type EnsembleMember, type RunningEnsemble, waitForServing } from './ensemble-members';
import { realZooKeeperAvailable } from './real-zookeeper';
import { startRealZooKeeperEnsemble } from './real-zookeeper-ensemble';
import { startZktsEnsemble } from './zkts-ensemble-processes';

export type EnsembleKindName = 'zookeeper' | 'zkts';

export interface EnsembleOptions {
  /** Voting members. */
  size: number;
  /** ms (default 2000). */
  tickTime?: number;
  /** In ticks (defaults 10 and 5). */
  initLimit?: number;
  syncLimit?: number;
  /** Route member links through proxies (`RunningEnsemble.links`), which tests can cut. */
  partitionable?: boolean;
  /** For the real ZooKeeper's JVMs (benchmarks give them a bigger heap). */
  jvmOptions?: string[];
  /**
   * The most txns a leader sends as a DIFF to a learner that is behind; further behind, it sends
   * a snapshot (SNAP). Real ZooKeeper: `zookeeper.commitLogCount` (default 500), with the DIFF
   * from the txn log turned off (`zookeeper.snapshotSizeFactor=-1`; by default it will DIFF
   * from its log across 10 000 txns of 1 KB here). zkts: the same zoo.cfg keys.
   */
  diffWindowTxns?: number;
  /** TTL and container nodes (ZooKeeper's `zookeeper.extendedTypesEnabled`; zkts's zoo.cfg key). */
  extendedTypesEnabled?: boolean;
}

export interface EnsembleKind {
  name: EnsembleKindName;
  /** Why this kind cannot run here; undefined when it can. */
  skipReason?: string;
  start(options: EnsembleOptions): Promise<RunningEnsemble>;
}

const zookeeperKind = (): EnsembleKind => ({
  name: 'zookeeper',
  ...(realZooKeeperAvailable() || process.env.CI
    ? {}
    : { skipReason: 'Apache ZooKeeper 3.8 is not installed (run scripts/setup.sh)' }),
  start: (options) =>
    startRealZooKeeperEnsemble({
      size: options.size,
      ...(options.tickTime === undefined ? {} : { tickTime: options.tickTime }),
      ...(options.initLimit === undefined ? {} : { initLimit: options.initLimit }),
      ...(options.syncLimit === undefined ? {} : { syncLimit: options.syncLimit }),
      ...(options.partitionable === undefined ? {} : { partitionable: options.partitionable }),
      ...(options.jvmOptions === undefined ? {} : { jvmOptions: options.jvmOptions }),
      systemProperties: {
        ...(options.diffWindowTxns === undefined
          ? {}
          : {
              'zookeeper.commitLogCount': String(options.diffWindowTxns),
              'zookeeper.snapshotSizeFactor': '-1',
            }),
        ...(options.extendedTypesEnabled ? { 'zookeeper.extendedTypesEnabled': 'true' } : {}),
      },
    }),
});

const zktsKind = (): EnsembleKind => ({
  name: 'zkts',
  async start(options) {
    const ensemble = await startZktsEnsemble({
      size: options.size,
      ...(options.tickTime === undefined ? {} : { tickTime: options.tickTime }),
      ...(options.partitionable === undefined ? {} : { partitionable: options.partitionable }),
      extraConfig: [
        `initLimit=${options.initLimit ?? 10}`,
        `syncLimit=${options.syncLimit ?? 5}`,
        '4lw.commands.whitelist=*',
        // the same two knobs as ZooKeeper's (zoo.cfg keys there become zookeeper.* properties)
        ...(options.diffWindowTxns === undefined
          ? []
          : [`commitLogCount=${options.diffWindowTxns}`, 'snapshotSizeFactor=-1']),
        ...(options.extendedTypesEnabled ? ['extendedTypesEnabled=true'] : []),
      ],
    });
    return {
      connectString: ensemble.connectString,
      ...(ensemble.links ? { links: ensemble.links } : {}),
      stop: () => ensemble.stop(),
      members: ensemble.members.map((member) => {
        const adapted: EnsembleMember = {
          id: member.id,
          clientPort: member.clientPort,
          get pid() {
            return member.pid ?? -1;
          },
          kill: (signal?: NodeJS.Signals) => member.kill(signal),
          timedLines: () => member.timedLines(),
          // the process says it started once it listens; this interface waits until it serves
          restart: async () => {
            await member.restart();
            await waitForServing([adapted]);
          },
        };
        return adapted;
      }),
    };
  },
});

/** The kinds selected by ZKTS_TARGETS (default both), each runnable or with a skip reason. */
export async function ensembleKinds(): Promise<EnsembleKind[]> {
  const wanted = (process.env.ZKTS_TARGETS ?? 'zookeeper,zkts').split(',').map((name) => name.trim());
  const kinds: EnsembleKind[] = [];
  if (wanted.includes('zookeeper')) kinds.push(zookeeperKind());
  if (wanted.includes('zkts')) kinds.push(zktsKind());
  return kinds;
}
