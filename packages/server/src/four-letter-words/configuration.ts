import type { EnsembleMember, ServerConfig } from '../config/index';
import type { EnsembleView } from '../ensemble/ensemble-view';
import { directorySize, storageDir } from './directories';

/**
 * `conf`: the settings in ZooKeeper 3.8's order and key names; an ensemble member adds its
 * limits, ports and the membership (ending without a newline, as ZooKeeper's does).
 */
export function conf(
  config: ServerConfig,
  boundPort: number,
  ensemble?: EnsembleView,
  boundSecurePort = -1,
): string {
  const dataDir = storageDir(config.dataDir);
  const dataLogDir = storageDir(config.dataLogDir ?? config.dataDir);
  return (
    `clientPort=${boundPort}\n` +
    `secureClientPort=${boundSecurePort}\n` +
    `dataDir=${dataDir}\n` +
    `dataDirSize=${directorySize(dataDir)}\n` +
    `dataLogDir=${dataLogDir}\n` +
    `dataLogSize=${directorySize(dataLogDir)}\n` +
    `tickTime=${config.tickTime}\n` +
    `maxClientCnxns=${config.maxClientCnxns}\n` +
    `minSessionTimeout=${config.minSessionTimeout}\n` +
    `maxSessionTimeout=${config.maxSessionTimeout}\n` +
    'clientPortListenBacklog=-1\n' +
    `serverId=${ensemble?.config.me.id ?? 0}\n` +
    (ensemble === undefined ? '' : membership(ensemble))
  );
}

function membership({ config }: EnsembleView): string {
  const servers = config.members.map((member) => `server.${member.id}=${memberSpec(member)}\n`).join('');
  return (
    `initLimit=${config.initLimitTicks}\n` +
    `syncLimit=${config.syncLimitTicks}\n` +
    // ZooKeeper 3.8 has only FastLeaderElection, algorithm 3
    'electionAlg=3\n' +
    `electionPort=${config.me.election.port}\n` +
    `quorumPort=${config.me.quorum.port}\n` +
    // LearnerType's ordinal: PARTICIPANT 0, OBSERVER 1
    `peerType=${config.me.role === 'observer' ? 1 : 0}\n` +
    `membership: \n${servers}version=0`
  );
}

/** ZooKeeper's QuorumServer.toString: `host:quorumPort:electionPort:role[;clientHost:clientPort]`. */
function memberSpec(member: EnsembleMember): string {
  const client =
    member.client === undefined ? '' : `;${member.client.host ?? '0.0.0.0'}:${member.client.port}`;
  return `${member.quorum.host}:${member.quorum.port}:${member.election.port}:${member.role}${client}`;
}
