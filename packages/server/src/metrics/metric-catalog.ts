import type { DataTree } from '@zkts/core';
import { type EnsembleView, peerState, serverState } from '../ensemble/ensemble-view';
import type { WatchTarget } from '../pipeline/pending-write';
import { REPORTED_VERSION } from '../version';
import { maxFileDescriptors, openFileDescriptors } from './file-descriptors';
import type { ServerStats } from './server-stats';
import type { Summary } from './summary';

/** What the metrics read from a server (a StandaloneServer is one). */
export interface MetricsSource {
  readonly stats: ServerStats;
  readonly tree: DataTree<WatchTarget>;
  readonly connections: { readonly size: number };
  readonly sessions: { readonly size: number };
  readonly outstandingRequests: number;
  readonly startedAt: number;
  clock(): number;
}

/**
 * Where ZooKeeper prints a metric: on every server, only on ensemble members, or only on a
 * leader (its mntr has no line for it elsewhere).
 */
export type MetricScope = 'all' | 'ensemble' | 'leader';

type Reader<T> = (source: MetricsSource, ensemble: EnsembleView | undefined) => T;

export type MetricDefinition =
  | {
      /** ZooKeeper's name, without mntr's `zk_` prefix (the Prometheus name). */
      readonly name: string;
      readonly type: 'gauge' | 'counter';
      readonly help: string;
      readonly scope: MetricScope;
      /** undefined: not known here (the line is left out, as ZooKeeper leaves out fd counts off Unix). */
      readonly read: Reader<number | undefined>;
      /** mntr prints a Java double (`5.0`) rather than an integer. */
      readonly double?: boolean;
    }
  | {
      readonly name: string;
      /** Not a number: mntr only (zk_version, zk_server_state, zk_peer_state). */
      readonly type: 'text';
      readonly help: string;
      readonly scope: MetricScope;
      readonly read: Reader<string>;
    }
  | {
      readonly name: string;
      /** mntr: avg/min/max/cnt/sum (+ p50/p95/p99/p999 with quantiles); Prometheus: a summary. */
      readonly type: 'summary';
      readonly help: string;
      readonly scope: MetricScope;
      /** undefined: an ensemble-only distribution with nothing recorded standalone. */
      readonly read: Reader<Summary | undefined>;
      readonly quantiles: boolean;
    };

const gauge = (
  name: string,
  help: string,
  read: Reader<number | undefined>,
  scope: MetricScope = 'all',
  double = false,
): MetricDefinition => ({ name, type: 'gauge', help, read, scope, ...(double ? { double } : {}) });
const counter = (name: string, help: string, read: Reader<number>): MetricDefinition => ({
  name,
  type: 'counter',
  help,
  read,
  scope: 'all',
});
const summary = (
  name: string,
  help: string,
  read: Reader<Summary | undefined>,
  quantiles = false,
): MetricDefinition => ({ name, type: 'summary', help, read, quantiles, scope: 'all' });
/** Declared for the ensemble; nothing happens standalone, so it reports 0 as ZooKeeper's does. */
const notStandalone = () => 0;
const leader = (ensemble: EnsembleView | undefined) => ensemble?.leader;

/**
 * Every ZooKeeper 3.8 metric that means something in zkts, in the order ZooKeeper's mntr
 * prints them (testdata/real-zookeeper-3.8-mntr-*.txt, captured from a real leader, follower
 * and standalone server), with ZooKeeper's name and type. Left out: what measures Java
 * internals (JVM pauses, Netty, TLS, the commit processor's thread pool, response caches) or
 * features zkts does not have (local sessions' upgrade, request throttler, digests, quorum SASL).
 */
export const METRICS: readonly MetricDefinition[] = [
  {
    name: 'version',
    type: 'text',
    help: 'ZooKeeper version zkts reports',
    scope: 'all',
    read: () => REPORTED_VERSION,
  },
  {
    name: 'server_state',
    type: 'text',
    help: 'standalone, leader, follower or observer',
    scope: 'all',
    read: (_, ensemble) => serverState(ensemble),
  },
  {
    name: 'peer_state',
    type: 'text',
    help: 'member state and Zab phase, e.g. leading - broadcast',
    scope: 'ensemble',
    read: (_, ensemble) => (ensemble === undefined ? '' : peerState(ensemble)),
  },
  gauge('ephemerals_count', 'Ephemeral znodes', (s) => s.tree.counts().ephemerals),
  gauge('num_alive_connections', 'Open client connections', (s) => s.connections.size),
  gauge(
    'avg_latency',
    'Average request latency (ms) since the last srst',
    (s) => s.stats.latency.average,
    'all',
    true,
  ),
  gauge(
    'min_proposal_size',
    'Smallest proposal (bytes), -1 before any',
    (_, e) => leader(e)?.proposalSizes.min,
    'leader',
  ),
  gauge('outstanding_requests', 'Requests received and not yet answered', (s) => s.outstandingRequests),
  gauge('znode_count', 'Znodes (the root counted twice, as ZooKeeper does)', (s) => s.tree.nodeCount + 1),
  gauge('global_sessions', 'Live sessions', (s) => s.sessions.size),
  gauge('non_mtls_remote_conn_count', 'Remote connections without mutual TLS', () => 0),
  gauge(
    'last_client_response_size',
    'Bytes of the last reply, -1 before any',
    (s) => s.stats.lastResponseSize,
  ),
  counter('packets_sent', 'Packets sent to clients', (s) => s.stats.packetsSent),
  counter('packets_received', 'Packets received from clients', (s) => s.stats.packetsReceived),
  gauge(
    'max_proposal_size',
    'Largest proposal (bytes), -1 before any',
    (_, e) => leader(e)?.proposalSizes.max,
    'leader',
  ),
  gauge(
    'max_client_response_size',
    'Bytes of the largest reply, -1 before any',
    (s) => s.stats.maxResponseSize,
  ),
  gauge(
    'synced_followers',
    'Voting followers in sync with this leader',
    (_, e) => leader(e)?.syncedFollowers,
    'leader',
  ),
  gauge('connection_drop_probability', 'Chance a new connection is dropped under load', () => 0, 'all', true),
  gauge('watch_count', 'Watches set', (s) => s.tree.watches.watchCount),
  gauge(
    'synced_non_voting_followers',
    'Non-voting followers in sync with this leader',
    (_, e) => leader(e)?.syncedNonVotingFollowers,
    'leader',
  ),
  gauge(
    'synced_observers',
    'Observers in sync with this leader',
    (_, e) => leader(e)?.syncedObservers,
    'leader',
  ),
  counter('auth_failed_count', 'Failed authentications', (s) => s.stats.authFailures),
  gauge('min_latency', 'Smallest request latency (ms) since the last srst', (s) => s.stats.latency.min),
  gauge('max_file_descriptor_count', 'File descriptor limit of the process', () => maxFileDescriptors()),
  gauge('approximate_data_size', 'Bytes of znode paths and data', (s) => s.tree.counts().approximateDataSize),
  gauge('open_file_descriptor_count', 'Open file descriptors of the process', () => openFileDescriptors()),
  gauge(
    'last_proposal_size',
    'Bytes of the last proposal, -1 before any',
    (_, e) => leader(e)?.proposalSizes.last,
    'leader',
  ),
  gauge(
    'pending_syncs',
    'Learners waiting for a sync with this leader',
    (_, e) => leader(e)?.pendingSyncs,
    'leader',
  ),
  gauge(
    'leader_uptime',
    'Ms since this member started leading',
    (s, e) => {
      const since = leader(e)?.leadingSince;
      return since === undefined ? undefined : s.clock() - since;
    },
    'leader',
  ),
  gauge('local_sessions', 'Local sessions (zkts has none)', () => 0),
  gauge('uptime', 'Ms since the server started', (s) => s.clock() - s.startedAt),
  gauge('max_latency', 'Largest request latency (ms) since the last srst', (s) => s.stats.latency.max),
  gauge('outstanding_tls_handshake', 'TLS handshakes in progress', () => 0),
  gauge(
    'learners',
    'Followers and observers connected to this leader',
    (_, e) => leader(e)?.learners,
    'leader',
  ),
  gauge(
    'min_client_response_size',
    'Bytes of the smallest reply, -1 before any',
    (s) => s.stats.minResponseSize,
  ),
  gauge('non_mtls_local_conn_count', 'Local connections without mutual TLS', () => 0),
  gauge('quorum_size', 'Voting members of the ensemble', (_, e) => e?.config.voters.length, 'ensemble'),
  gauge('proposal_count', 'Proposals this leader made', (_, e) => leader(e)?.proposalCount ?? 0),
  gauge('watch_bytes', 'Bytes of watch paths (not measured by zkts: 0)', () => 0),
  counter('connection_rejected', 'Connections refused (maxClientCnxns)', (s) => s.stats.connectionsRejected),
  counter(
    'sessionless_connections_expired',
    'Connections closed for sending no ConnectRequest in time',
    (s) => s.stats.sessionlessConnectionsExpired,
  ),
  counter('looking_count', 'Times this member started a leader election', notStandalone),
  counter('learner_proposal_received_count', 'Proposals this learner received', notStandalone),
  counter('bytes_received_count', 'Bytes received from clients', (s) => s.stats.bytesReceived),
  counter('learner_commit_received_count', 'Commits this learner received', notStandalone),
  counter('connection_request_count', 'ConnectRequests received', (s) => s.stats.connectionRequests),
  counter('diff_count', 'DIFF syncs this leader sent', (_, e) =>
    e === undefined ? 0 : (leader(e)?.diffCount ?? 0),
  ),
  counter(
    'connection_revalidate_count',
    'Handshakes that asked to resume an existing session',
    (s) => s.stats.connectionRevalidations,
  ),
  counter(
    'quit_leading_due_to_disloyal_voter',
    'Times this leader stepped down for lack of a quorum',
    notStandalone,
  ),
  counter('snap_count', 'SNAP syncs this leader sent', (_, e) =>
    e === undefined ? 0 : (leader(e)?.snapCount ?? 0),
  ),
  counter(
    'unrecoverable_error_count',
    'Unrecoverable errors (a failed txn log)',
    (s) => s.stats.fsyncFailures,
  ),
  counter('commit_count', 'Proposals this leader committed', notStandalone),
  counter('stale_sessions_expired', 'Sessions closed by expiry', (s) => s.stats.sessionsExpired),
  counter('revalidate_count', 'Session revalidations this leader answered for learners', notStandalone),
  summary('leader_unavailable_time', 'Ms without a leader, per election', () => undefined),
  summary('follower_sync_time', 'Ms a follower took to sync with the leader', () => undefined),
  summary('fsynctime', 'Ms per txn log flush (fsync)', (s) => s.stats.fsyncTime),
  summary('inflight_snap_count', 'SNAP syncs in flight when a learner syncs', () => undefined),
  summary('snapshottime', 'Ms per snapshot written', (s) => s.stats.snapshotTime),
  summary('unavailable_time', 'Ms this member could not serve, per election', () => undefined),
  summary('inflight_diff_count', 'DIFF syncs in flight when a learner syncs', () => undefined),
  summary('election_time', 'Ms per leader election', () => undefined),
  summary('sync_processor_batch_size', 'Txns made durable by one flush', (s) => s.stats.syncBatchSize),
  summary('observer_sync_time', 'Ms an observer took to sync with the leader', () => undefined),
  summary('updatelatency', 'Ms from receiving a write to answering it', (s) => s.stats.updateLatency, true),
  summary('readlatency', 'Ms from receiving a read to answering it', (s) => s.stats.readLatency, true),
  summary('quorum_ack_latency', 'Ms from proposing to a quorum of acks', () => undefined, true),
  summary('commit_propagation_latency', 'Ms from proposal to commit on a learner', () => undefined, true),
  summary('proposal_ack_creation_latency', 'Ms from proposal to a learner logging it', () => undefined, true),
  summary('proposal_latency', 'Ms from receiving a write to proposing it', () => undefined, true),
  summary('propagation_latency', 'Ms from proposal to apply on a learner', () => undefined, true),
];

/** Whether ZooKeeper in this role prints the metric at all. */
export function inScope(definition: MetricDefinition, ensemble: EnsembleView | undefined): boolean {
  switch (definition.scope) {
    case 'all':
      return true;
    case 'ensemble':
      return ensemble !== undefined;
    case 'leader':
      return ensemble?.leader !== undefined;
  }
}
