import type { QuorumServerConfig } from './quorum-server';

/**
 * What ZooKeeper's QuorumPeerConfig checks in the `server.N` lines before it knows its myid:
 * with more than one line the server is distributed, and initLimit and syncLimit must be set
 * (ZooKeeper: "initLimit is not set"); there must be voters; an even or tiny number of voters
 * is allowed but warned about. zkts also refuses two members on the same address, which would
 * only fail later when the second one binds.
 */
export function checkEnsembleSettings(
  servers: readonly QuorumServerConfig[],
  stated: { initLimit: boolean; syncLimit: boolean },
): { issues: string[]; warnings: string[] } {
  const issues: string[] = [];
  const warnings: string[] = [];
  if (servers.length <= 1) return { issues, warnings };

  if (!stated.initLimit)
    issues.push('initLimit: not set; an ensemble (more than one server.N line) needs it');
  if (!stated.syncLimit)
    issues.push('syncLimit: not set; an ensemble (more than one server.N line) needs it');

  const voters = servers.filter((server) => server.role === 'participant').length;
  if (voters === 0)
    issues.push('server.N: every member is an observer; an ensemble needs voting participants');
  else if (voters <= 2) {
    warnings.push(`server.N: ${voters} voting member(s): no failure will be tolerated; you need at least 3`);
  } else if (voters % 2 === 0) {
    warnings.push(
      `server.N: ${voters} voting members: an even number tolerates no more failures than ${voters - 1}; consider an odd number`,
    );
  }

  const owners = new Map<string, number>();
  for (const server of servers) {
    for (const [what, port] of [
      ['quorum', server.quorumPort],
      ['election', server.electionPort],
    ] as const) {
      const address = `${server.host}:${port}`;
      const owner = owners.get(address);
      if (owner !== undefined) {
        issues.push(`server.${server.id}: ${what} address ${address} is already used by server.${owner}`);
      } else {
        owners.set(address, server.id);
      }
    }
  }
  return { issues, warnings };
}
