/**
 * Attacks whose outcome on zkts deliberately differs from the real ZooKeeper 3.8's, keyed by
 * attack name, each with why zkts's answer is the better one. `attacks.test.ts` still runs them
 * on both servers and checks every other attack matches exactly.
 */
export const attackDivergences: Record<string, string> = {
  "reconnect to a live session's id with a wrong password":
    "Deliberate: ZooKeeper closes the session's current connection as soon as a ConnectRequest names its id, before it checks the password, so anyone who learns a session id can keep cutting its owner off; zkts checks the password first and leaves the owner's connection alone (both refuse the impostor with timeOut 0)",
  'setWatches and setWatches2 on an unreadable node leak no event':
    'Deliberate (issue #13, CVE-2024-23944 class): re-arming data and child watches on /attacks/secret with relativeZxid 0, the installed ZooKeeper 3.8 sends the NodeDataChanged and NodeChildrenChanged those watches are owed (two of each, one per request) to a session that cannot read the node; zkts delivers an event only to a session with READ on it',
};

/**
 * Attacks the real ZooKeeper answers in more than one way from run to run (a race between its
 * own threads): each server's outcome must be one of those listed.
 */
export const attackRaces: Record<string, { outcomes: readonly unknown[]; why: string }> = {
  'a second ConnectRequest on an established session': {
    outcomes: [
      { outcome: 'closed', connection: 'closed' },
      { outcome: 0, connection: 'closed' },
    ],
    why: 'ZooKeeper reads the ConnectRequest as a request of unknown type 0, answers it UNIMPLEMENTED and closes the connection from another thread, so the exists sent right behind it is answered (err 0) in some runs and not in others (seen in one CI run of many); zkts answers UNIMPLEMENTED, then nothing more, and closes',
  },
};
