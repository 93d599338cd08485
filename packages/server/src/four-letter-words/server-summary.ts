import type { ServingHost } from '../connection/serving-host';
import { type EnsembleView, serverState } from '../ensemble/ensemble-view';
import { hexId } from '../hex';
import { REPORTED_VERSION } from '../version';
import { briefConnectionLine } from './connections';
import { javaDouble } from './format';
import { reportedNodeCount } from './node-count';

/**
 * `srvr`: version, latencies, packet counts, connections, outstanding, zxid, mode, node count;
 * an ensemble member prints its role as the mode, a leader its proposal sizes too.
 */
export function srvr(server: ServingHost, ensemble?: EnsembleView): string {
  return `Zookeeper version: ${REPORTED_VERSION}\n${statsBody(server, ensemble)}`;
}

/** `stat`: srvr plus one brief line per connection. */
export function stat(server: ServingHost, ensemble?: EnsembleView): string {
  let clients = '';
  for (const connection of server.connections) clients += briefConnectionLine(connection);
  return `Zookeeper version: ${REPORTED_VERSION}\nClients:\n${clients}\n${statsBody(server, ensemble)}`;
}

function statsBody(server: ServingHost, ensemble: EnsembleView | undefined): string {
  const { stats } = server;
  const latency = stats.latency;
  return (
    `Latency min/avg/max: ${latency.min}/${javaDouble(latency.average)}/${latency.max}\n` +
    `Received: ${stats.packetsReceived}\n` +
    `Sent: ${stats.packetsSent}\n` +
    `Connections: ${server.connections.size}\n` +
    `Outstanding: ${server.outstandingRequests}\n` +
    `Zxid: ${hexId(server.tree.lastProcessedZxid)}\n` +
    `Mode: ${serverState(ensemble)}\n` +
    `Node count: ${reportedNodeCount(server)}\n` +
    proposalSizes(ensemble)
  );
}

function proposalSizes(ensemble: EnsembleView | undefined): string {
  const sizes = ensemble?.leader?.proposalSizes;
  return sizes === undefined ? '' : `Proposal sizes last/min/max: ${sizes.last}/${sizes.min}/${sizes.max}\n`;
}
