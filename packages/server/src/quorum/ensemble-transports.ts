import type { EnsembleConfig } from '../config/ensemble-config';
import type { Logger } from '../logger';
import { type QuorumTlsOptions, TcpQuorumTransport } from './tcp-quorum-transport';

export interface EnsembleTransports {
  /** Leader election votes: only the newest matter, so a full queue drops the oldest. */
  election: TcpQuorumTransport;
  /** Zab's messages: never dropped silently; a full queue closes the connection (Zab re-syncs). */
  quorum: TcpQuorumTransport;
  /** Listens on both ports, then connects; attach listeners first (nothing is buffered for them). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * This member's two ports from its ensemble configuration, not started yet: the election port
 * and the quorum port (only a leader's is used by learners). The election queue holds one
 * message per peer, as ZooKeeper's QuorumCnxManager does (SEND_CAPACITY 1).
 */
export function createEnsembleTransports(
  ensemble: EnsembleConfig,
  logger: Logger,
  random: () => number,
  /** sslQuorum: both ports speak TLS, members present and check certificates. */
  tls?: QuorumTlsOptions,
): EnsembleTransports {
  const election = new TcpQuorumTransport({
    me: ensemble.me.id,
    listen: ensemble.me.election,
    peers: ensemble.members.map((member) => ({ id: member.id, ...member.election })),
    logger,
    random,
    name: 'election',
    ...(tls !== undefined ? { tls } : {}),
    queue: { maxMessages: 1, overflow: 'drop-oldest' },
    bindRetry: { attempts: ensemble.electionPortBindRetry, delayMs: 1_000 },
  });
  const quorum = new TcpQuorumTransport({
    me: ensemble.me.id,
    listen: ensemble.me.quorum,
    peers: ensemble.members.map((member) => ({ id: member.id, ...member.quorum })),
    logger,
    random,
    name: 'quorum',
    ...(tls !== undefined ? { tls } : {}),
    queue: { overflow: 'close' },
  });
  const close = async () => {
    await Promise.all([election.close(), quorum.close()]);
  };
  return {
    election,
    quorum,
    close,
    start: async () => {
      try {
        await Promise.all([election.start(), quorum.start()]);
      } catch (error) {
        await close();
        throw error;
      }
    },
  };
}
