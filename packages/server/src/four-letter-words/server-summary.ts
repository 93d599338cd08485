import { hexId } from '../hex';
import type { StandaloneServer } from '../standalone-server';
import { REPORTED_VERSION } from '../version';
import { briefConnectionLine } from './connections';
import { javaDouble } from './format';
import { reportedNodeCount } from './node-count';

/** `srvr`: version, latencies, packet counts, connections, outstanding, zxid, mode, node count. */
export function srvr(server: StandaloneServer): string {
  return `Zookeeper version: ${REPORTED_VERSION}\n${statsBody(server)}`;
}

/** `stat`: srvr plus one brief line per connection. */
export function stat(server: StandaloneServer): string {
  let clients = '';
  for (const connection of server.connections) clients += briefConnectionLine(connection);
  return `Zookeeper version: ${REPORTED_VERSION}\nClients:\n${clients}\n${statsBody(server)}`;
}

function statsBody(server: StandaloneServer): string {
  const { stats } = server;
  const latency = stats.latency;
  return (
    `Latency min/avg/max: ${latency.min}/${javaDouble(latency.average)}/${latency.max}\n` +
    `Received: ${stats.packetsReceived}\n` +
    `Sent: ${stats.packetsSent}\n` +
    `Connections: ${server.connections.size}\n` +
    `Outstanding: ${server.outstandingRequests}\n` +
    `Zxid: ${hexId(server.tree.lastProcessedZxid)}\n` +
    'Mode: standalone\n' +
    `Node count: ${reportedNodeCount(server)}\n`
  );
}
