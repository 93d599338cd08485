import { readdirSync, readFileSync } from 'node:fs';
import type { StandaloneServer } from '../standalone-server';
import { REPORTED_VERSION } from '../version';
import { javaDouble } from './format';
import { reportedNodeCount } from './node-count';

/** The figures `mntr` prints and `/metrics` exports, in ZooKeeper 3.8's order and names. */
export function monitorFigures(server: StandaloneServer): Array<[string, string | number]> {
  const { stats, tree } = server;
  const counts = tree.counts();
  const figures: Array<[string, string | number]> = [
    ['zk_version', REPORTED_VERSION],
    ['zk_server_state', 'standalone'],
    ['zk_ephemerals_count', counts.ephemerals],
    ['zk_num_alive_connections', server.connections.size],
    ['zk_avg_latency', javaDouble(stats.latency.average)],
    ['zk_outstanding_requests', server.outstandingRequests],
    ['zk_znode_count', reportedNodeCount(server)],
    ['zk_global_sessions', server.sessions.size],
    ['zk_non_mtls_remote_conn_count', 0],
    ['zk_last_client_response_size', stats.lastResponseSize],
    ['zk_packets_sent', stats.packetsSent],
    ['zk_packets_received', stats.packetsReceived],
    ['zk_max_client_response_size', stats.maxResponseSize],
    ['zk_connection_drop_probability', '0.0'],
    ['zk_watch_count', tree.watches.watchCount],
    ['zk_auth_failed_count', stats.authFailures],
    ['zk_min_latency', stats.latency.min],
  ];
  const maxFds = maxFileDescriptors();
  if (maxFds !== undefined) figures.push(['zk_max_file_descriptor_count', maxFds]);
  figures.push(['zk_approximate_data_size', counts.approximateDataSize]);
  const openFds = openFileDescriptors();
  if (openFds !== undefined) figures.push(['zk_open_file_descriptor_count', openFds]);
  figures.push(
    ['zk_local_sessions', 0],
    ['zk_uptime', server.clock() - server.startedAt],
    ['zk_max_latency', stats.latency.max],
    ['zk_outstanding_tls_handshake', 0],
    ['zk_min_client_response_size', stats.minResponseSize],
    ['zk_non_mtls_local_conn_count', 0],
    ['zk_proposal_count', 0],
    ['zk_watch_bytes', 0],
    ['zk_outstanding_changes_queued', counts.pendingChanges],
    ['zk_connection_rejected', stats.connectionsRejected],
    ['zk_snap_count', stats.snapshotsTaken],
    ['zk_unrecoverable_error_count', stats.fsyncFailures],
  );
  return figures;
}

/** `mntr`: one `key<TAB>value` line per figure. */
export function mntr(server: StandaloneServer): string {
  let out = '';
  for (const [key, value] of monitorFigures(server)) out += `${key}\t${value}\n`;
  return out;
}

function openFileDescriptors(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}

function maxFileDescriptors(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
