/**
 * What the ensemble tests and benchmarks see of a replicated service running as one process per
 * member, whichever implementation runs it (the real ZooKeeper 3.8, or zkts): the member
 * interface shared with `zkts-ensemble-processes.ts`, and the `srvr` readings that tell a
 * member's role and zxid.
 */
import { fourLetterWord } from './real-zookeeper';

export interface EnsembleMember {
  /** The `server.N` id (myid). */
  readonly id: number;
  readonly clientPort: number;
  /** The process id of the current incarnation (changes on restart). */
  readonly pid: number;
  /** Sends `signal` (default SIGKILL) and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void> | void;
  /** Starts the member again on its ports and data directory, and waits until it serves. */
  restart(): Promise<void>;
  /**
   * What the member logged so far, line by line with the wall-clock time (Date.now()) the
   * harness read each line, when the harness keeps it (zkts: its stderr).
   */
  timedLines?(): readonly { at: number; text: string }[];
}

/**
 * Member-to-member links, when the harness routes them through TCP proxies (member i reaches
 * member j through proxy(i→j)). Partitioning a pair cuts both directions.
 */
export interface QuorumLinks {
  /** Cuts the links between `a` and `b` and refuses new ones until healed. */
  partition(a: number, b: number): void;
  /** Cuts `id` off from every other member. */
  isolate(id: number): void;
  /** Lets every link through again. */
  healAll(): void;
  /** Holds the bytes of every member link this long (ms); 0 = none. */
  delay(ms: number): void;
}

export interface RunningEnsemble {
  /** Every member's client address, `127.0.0.1:port,…`. */
  readonly connectString: string;
  readonly members: readonly EnsembleMember[];
  /** Present when member links go through proxies the test can cut. */
  readonly links?: QuorumLinks;
  /** Kills every member (and proxy) and removes what the harness created. */
  stop(): Promise<void>;
}

export type MemberMode = 'leader' | 'follower' | 'observer' | 'standalone' | 'read-only' | 'down';

export interface MemberStatus {
  mode: MemberMode;
  /** The last zxid the member applied (`Zxid:` of `srvr`), or -1 when it does not serve. */
  zxid: number;
}

/** The member's role and zxid from `srvr`; `down` when it does not answer or does not serve. */
export async function memberStatus(clientPort: number): Promise<MemberStatus> {
  const answer = await fourLetterWord(clientPort, 'srvr');
  const mode = answer.match(/^Mode: (\S+)/m)?.[1];
  const zxid = answer.match(/^Zxid: (0x[0-9a-f]+)/m)?.[1];
  if (mode === undefined || zxid === undefined) return { mode: 'down', zxid: -1 };
  const known: MemberMode[] = ['leader', 'follower', 'observer', 'standalone', 'read-only'];
  return { mode: known.find((m) => m === mode) ?? 'down', zxid: Number(BigInt(zxid)) };
}

/** The member that is leader now, waiting up to `timeoutMs` for one to be elected. */
export async function waitForLeader(ensemble: RunningEnsemble, timeoutMs = 30_000): Promise<EnsembleMember> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const member of ensemble.members) {
      if ((await memberStatus(member.clientPort)).mode === 'leader') return member;
    }
    if (Date.now() > deadline) throw new Error(`no leader elected within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until every listed member serves (leader, follower or observer). */
export async function waitForServing(members: readonly EnsembleMember[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const modes = await Promise.all(members.map(async (m) => (await memberStatus(m.clientPort)).mode));
    if (modes.every((mode) => mode === 'leader' || mode === 'follower' || mode === 'observer')) return;
    if (Date.now() > deadline) {
      throw new Error(
        `members not serving within ${timeoutMs} ms: ${members.map((m, i) => `${m.id}=${modes[i]}`).join(' ')}`,
      );
    }
    // polled often: the rejoin benchmark times restarts through this, for both kinds alike
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The member whose `cons` lists session `sessionId` (a connected client), if any. */
export async function memberHoldingSession(
  members: readonly EnsembleMember[],
  sessionId: bigint,
): Promise<EnsembleMember | undefined> {
  const needle = `sid=0x${sessionId.toString(16)}`;
  for (const member of members) {
    const cons = await fourLetterWord(member.clientPort, 'cons');
    if (cons.split('\n').some((line) => line.includes(`${needle},`) || line.includes(`${needle})`))) {
      return member;
    }
  }
  return undefined;
}

/** A numeric `mntr` value of the member (e.g. the leader's `zk_diff_count`), NaN when absent. */
export async function mntrValue(clientPort: number, key: string): Promise<number> {
  const mntr = await fourLetterWord(clientPort, 'mntr');
  const line = mntr.split('\n').find((l) => l.startsWith(`${key}\t`));
  return line === undefined ? Number.NaN : Number(line.slice(key.length + 1));
}
