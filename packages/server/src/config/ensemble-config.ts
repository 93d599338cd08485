import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { QuorumServerConfig } from './quorum-server';
import { ConfigError, type ServerConfig } from './server-config';

export type MemberRole = 'participant' | 'observer';

export interface EnsembleAddress {
  host: string;
  port: number;
}

/** One `server.N` line, as the ensemble host uses it. */
export interface EnsembleMember {
  id: number;
  role: MemberRole;
  /** Where followers and observers reach this member when it leads. */
  quorum: EnsembleAddress;
  /** Where this member takes part in leader election. */
  election: EnsembleAddress;
  /** Its client address, when the line gives one (`;[address:]port`). */
  client: { host: string | undefined; port: number } | undefined;
}

/** Everything the ensemble host needs to know about the membership and its time limits. */
export interface EnsembleConfig {
  /** This member (its myid). */
  me: EnsembleMember;
  /** Every member, sorted by id. */
  members: readonly EnsembleMember[];
  /** Ids of the voting participants, ascending. */
  voters: readonly number[];
  /** Ids of the observers, ascending. */
  observers: readonly number[];
  /** Votes that make a quorum: a majority of the voters. */
  quorumSize: number;
  tickTime: number;
  /** Ticks a learner may take to connect and sync with the leader. */
  initLimitTicks: number;
  /** Ticks a learner may lag (no answer to a ping) before it is dropped. */
  syncLimitTicks: number;
  electionPortBindRetry: number;
  readOnlyModeEnabled: boolean;
}

/** The voters, the observers and the quorum size (a majority of the voters) of `members`. */
export function membershipOf(
  members: readonly EnsembleMember[],
): Pick<EnsembleConfig, 'voters' | 'observers' | 'quorumSize'> {
  const voters = members.filter((member) => member.role === 'participant').map((member) => member.id);
  return {
    voters,
    observers: members.filter((member) => member.role === 'observer').map((member) => member.id),
    quorumSize: Math.floor(voters.length / 2) + 1,
  };
}

/**
 * Reads `dataDir/myid` as ZooKeeper does (the first line, trimmed, a number); undefined when
 * there is no such file. Other read errors are ConfigErrors naming the path.
 */
export async function readMyid(dataDir: string): Promise<string | undefined> {
  const path = join(dataDir, 'myid');
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError([`${path}: cannot read the myid file (${code ?? String(error)})`]);
  }
}

/**
 * The ensemble a configuration describes, or undefined for a standalone server (no `server.N`
 * line, or only one: ZooKeeper then runs standalone). `myidText` is the myid file's content
 * (undefined: no file). Throws ConfigError for what ZooKeeper refuses; `warnings` holds what
 * it only warns about (a peerType that contradicts the member's own line, which then wins).
 */
export function ensembleConfig(
  config: ServerConfig,
  myidText: string | undefined,
): { ensemble: EnsembleConfig | undefined; warnings: string[] } {
  const warnings: string[] = [];
  if (config.servers.length <= 1) return { ensemble: undefined, warnings };
  if (config.dataDir === undefined) {
    throw new ConfigError(['dataDir: not set; an ensemble member keeps its myid file and txn log there']);
  }
  const myidPath = join(config.dataDir, 'myid');
  if (myidText === undefined) {
    throw new ConfigError([
      `${myidPath}: missing; write this member's id (one of the server.N numbers) into it`,
    ]);
  }
  const firstLine = myidText.split(/\r?\n/)[0]!.trim();
  if (!/^\d+$/.test(firstLine)) {
    throw new ConfigError([`${myidPath}: expected a server id (a number), got ${JSON.stringify(firstLine)}`]);
  }
  const myid = Number(firstLine);
  const members = config.servers.map(toMember);
  const me = members.find((member) => member.id === myid);
  if (me === undefined) {
    throw new ConfigError([
      `${myidPath}: myid ${myid} is not one of the server.N ids (${members.map((m) => m.id).join(', ')})`,
    ]);
  }
  if (config.peerType !== undefined && config.peerType !== me.role) {
    warnings.push(
      `peerType: ${config.peerType} does not match server.${myid}'s role (${me.role}); using ${me.role} from the servers list, as ZooKeeper does`,
    );
  }
  return {
    warnings,
    ensemble: {
      me,
      members,
      ...membershipOf(members),
      tickTime: config.tickTime,
      initLimitTicks: config.initLimit,
      syncLimitTicks: config.syncLimit,
      electionPortBindRetry: config.electionPortBindRetry,
      readOnlyModeEnabled: config.readOnlyModeEnabled,
    },
  };
}

/** `ensembleConfig` with the myid file read from the configured dataDir. */
export async function loadEnsembleConfig(
  config: ServerConfig,
): Promise<{ ensemble: EnsembleConfig | undefined; warnings: string[] }> {
  if (config.servers.length <= 1 || config.dataDir === undefined) return ensembleConfig(config, undefined);
  return ensembleConfig(config, await readMyid(config.dataDir));
}

function toMember(server: QuorumServerConfig): EnsembleMember {
  return {
    id: server.id,
    role: server.role,
    quorum: { host: server.host, port: server.quorumPort },
    election: { host: server.host, port: server.electionPort },
    client:
      server.clientPort === undefined
        ? undefined
        : { host: server.clientPortAddress, port: server.clientPort },
  };
}
