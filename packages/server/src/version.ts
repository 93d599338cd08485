/**
 * The version string the four-letter words report. It starts with the ZooKeeper version whose
 * protocol we speak, so tools that parse `zk_version` or `zookeeper.version` keep working.
 */
export const ZKTS_VERSION = '0.1.0';
export const REPORTED_VERSION = `3.8.0-zkts-${ZKTS_VERSION}, built on n/a`;
