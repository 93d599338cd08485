import { type EnsembleConfig, type EnsembleMember, membershipOf } from '../config/index';

export interface LocalEnsembleOptions {
  /** Every member's id (voters and observers). */
  ids: readonly number[];
  /** This member. */
  me: number;
  /** Which of `ids` are observers; default none. */
  observers?: readonly number[];
  tickTime: number;
  initLimit?: number;
  syncLimit?: number;
}

/**
 * The ensemble configuration of members that reach each other in one process (their quorum
 * ports are never bound): what `zoo.cfg`'s server.N lines give a member, without addresses.
 */
export function localEnsembleConfig(options: LocalEnsembleOptions): EnsembleConfig {
  const observers = new Set(options.observers ?? []);
  const members: EnsembleMember[] = [...options.ids]
    .sort((a, b) => a - b)
    .map((id) => ({
      id,
      role: observers.has(id) ? 'observer' : 'participant',
      quorum: { host: '127.0.0.1', port: 0 },
      election: { host: '127.0.0.1', port: 0 },
      client: undefined,
    }));
  const me = members.find((member) => member.id === options.me);
  if (me === undefined) throw new RangeError(`member ${options.me} is not one of ${options.ids.join(', ')}`);
  return {
    me,
    members,
    ...membershipOf(members),
    tickTime: options.tickTime,
    initLimitTicks: options.initLimit ?? 10,
    syncLimitTicks: options.syncLimit ?? 5,
    electionPortBindRetry: 3,
    readOnlyModeEnabled: false,
  };
}
