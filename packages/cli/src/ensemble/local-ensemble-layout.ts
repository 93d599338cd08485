import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalMemberLayout {
  id: number;
  clientPort: number;
  quorumPort: number;
  electionPort: number;
  dataDir: string;
  /** This member's zoo.cfg, written by `writeLocalEnsembleFiles`. */
  configFile: string;
}

export interface LocalEnsembleLayoutOptions {
  size: number;
  /** The last `observers` members do not vote. */
  observers: number;
  /** Member i (from 1) gets client port base+i-1, quorum base+100+i-1, election base+200+i-1. */
  basePort: number;
  /** Each member's dataDir is `<root>/member-<id>`. */
  root: string;
  tickTime: number;
}

/** Ports and directories of a local development ensemble on 127.0.0.1. */
export function localEnsembleLayout(options: LocalEnsembleLayoutOptions): LocalMemberLayout[] {
  return Array.from({ length: options.size }, (_, i) => {
    const dataDir = join(options.root, `member-${i + 1}`);
    return {
      id: i + 1,
      clientPort: options.basePort + i,
      quorumPort: options.basePort + 100 + i,
      electionPort: options.basePort + 200 + i,
      dataDir,
      configFile: join(dataDir, 'zoo.cfg'),
    };
  });
}

/**
 * Writes each member's `myid` and `zoo.cfg` (the same file a member started with
 * `zkts server --config` reads), so that the ensemble is checked exactly as a deployed one is.
 */
export function writeLocalEnsembleFiles(
  layout: readonly LocalMemberLayout[],
  options: Pick<LocalEnsembleLayoutOptions, 'observers' | 'tickTime'>,
): void {
  const firstObserver = layout.length - options.observers;
  const serverLines = layout.map(
    (member, i) =>
      `server.${member.id}=127.0.0.1:${member.quorumPort}:${member.electionPort}${i >= firstObserver ? ':observer' : ''}`,
  );
  layout.forEach((member, i) => {
    mkdirSync(member.dataDir, { recursive: true });
    writeFileSync(join(member.dataDir, 'myid'), `${member.id}\n`);
    const lines = [
      `tickTime=${options.tickTime}`,
      'initLimit=10',
      'syncLimit=5',
      `dataDir=${member.dataDir}`,
      'clientPortAddress=127.0.0.1',
      `clientPort=${member.clientPort}`,
      '4lw.commands.whitelist=*',
      ...(i >= firstObserver ? ['peerType=observer'] : []),
      ...serverLines,
    ];
    writeFileSync(member.configFile, `${lines.join('\n')}\n`);
  });
}
