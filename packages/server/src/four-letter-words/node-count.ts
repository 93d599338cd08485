import type { ServingHost } from '../connection/serving-host';

/**
 * The node count as ZooKeeper reports it: its DataTree keeps the root under two keys ("" and
 * "/"), so srvr, stat and mntr's zk_znode_count show one more than there are znodes (a fresh
 * 3.8 server says 5 for /, /zookeeper, /zookeeper/quota and /zookeeper/config).
 */
export function reportedNodeCount(server: ServingHost): number {
  return server.tree.nodeCount + 1;
}
