import type { EnsembleConfig } from '../config/index';

/** A host as ZooKeeper prints it in an address: IPv6 literals in brackets. */
const delimited = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/**
 * The data a ZooKeeper 3.8 member serves in /zookeeper/config: one
 * `server.N=host:quorumPort:electionPort:participant|observer[;clientHost:clientPort]` line per
 * member by id, then `version=` and the config's version in hex (0 for a static zoo.cfg;
 * zkts has no dynamic reconfig). A client part is printed only when the server.N line gave one;
 * a bare `;2181` listens on every address, printed `0.0.0.0`.
 */
export function ensembleConfigText(ensemble: Pick<EnsembleConfig, 'members'>): string {
  const lines = ensemble.members.map((member) => {
    const client =
      member.client === undefined
        ? ''
        : `;${delimited(member.client.host ?? '0.0.0.0')}:${member.client.port}`;
    return `server.${member.id}=${delimited(member.quorum.host)}:${member.quorum.port}:${member.election.port}:${member.role}${client}`;
  });
  return [...lines, 'version=0'].join('\n');
}
