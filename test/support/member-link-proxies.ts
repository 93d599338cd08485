/**
 * Cuttable member links for an ensemble of real processes, whichever implementation runs it:
 * one TCP proxy per directed pair and peer port, so member i reaches member j's quorum and
 * election ports through proxy(i→j). A harness writes, in member i's config, the proxy ports
 * for every other member (what i dials) and its own real ports (what i listens on), and hands
 * `links` to the tests.
 */
import type { QuorumLinks } from './ensemble-members';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

/** A member's real peer ports. */
export interface PeerPorts {
  id: number;
  quorumPort: number;
  electionPort: number;
}

export interface MemberLinkProxies {
  /** The ports member `from` dials to reach member `to` (proxies; `to`'s real ports when from = to). */
  portsFor(from: number, to: number): { quorum: number; election: number };
  readonly links: QuorumLinks;
  close(): Promise<void>;
}

/**
 * How long a member-link proxy keeps trying a peer port that refuses, holding the connection:
 * a follower that dials the new leader before it listens must see a slow connect, not an
 * accepted-then-reset one (which costs a whole new election, initLimit ticks later).
 */
const PEER_CONNECT_RETRY_MS = 3000;

export async function startMemberLinkProxies(members: readonly PeerPorts[]): Promise<MemberLinkProxies> {
  // proxy(i→j) for both of j's peer ports, keyed `i>j`
  const proxies = new Map<string, { quorum: TcpProxy; election: TcpProxy }>();
  const close = async () => {
    for (const pair of proxies.values()) await Promise.all([pair.quorum.close(), pair.election.close()]);
  };
  try {
    for (const from of members) {
      for (const to of members) {
        if (from.id === to.id) continue;
        proxies.set(`${from.id}>${to.id}`, {
          quorum: await startTcpProxy('127.0.0.1', to.quorumPort, { connectRetryMs: PEER_CONNECT_RETRY_MS }),
          election: await startTcpProxy('127.0.0.1', to.electionPort, {
            connectRetryMs: PEER_CONNECT_RETRY_MS,
          }),
        });
      }
    }
  } catch (error) {
    await close();
    throw error;
  }

  const pairProxies = (a: number, b: number) =>
    [proxies.get(`${a}>${b}`), proxies.get(`${b}>${a}`)].flatMap((pair) =>
      pair ? [pair.quorum, pair.election] : [],
    );
  const links: QuorumLinks = {
    partition(a, b) {
      for (const proxy of pairProxies(a, b)) proxy.partition();
    },
    isolate(id) {
      for (const other of members) if (other.id !== id) links.partition(id, other.id);
    },
    healAll() {
      for (const pair of proxies.values()) {
        pair.quorum.unblock();
        pair.election.unblock();
      }
    },
    delay(ms) {
      for (const pair of proxies.values()) {
        pair.quorum.delay(ms);
        pair.election.delay(ms);
      }
    },
  };

  return {
    portsFor(from, to) {
      const pair = proxies.get(`${from}>${to}`);
      if (pair) return { quorum: pair.quorum.port, election: pair.election.port };
      const member = members.find((m) => m.id === to);
      if (member === undefined) throw new Error(`no member ${to}`);
      return { quorum: member.quorumPort, election: member.electionPort };
    },
    links,
    close,
  };
}
