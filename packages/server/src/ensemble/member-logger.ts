import type { Logger, LogLevel } from '../logger';
import type { EnsembleRole } from './ensemble-view';

/** Who is speaking: read at every line, since role and epoch change as the member runs. */
export interface MemberLogContext {
  readonly id: number;
  readonly role: EnsembleRole;
  readonly epoch: number;
}

/**
 * The logger of an ensemble member: every line names the member, its role and its epoch.
 * Given a structured logger (one with `record`), it passes them as fields (member, role,
 * epoch); otherwise it prefixes the text: `[2 follower e3] connected to the leader`.
 * Standalone servers do not use it, so their lines are unchanged.
 */
export function memberLogger(base: Logger, context: () => MemberLogContext): Logger {
  const log = (level: LogLevel, msg: string) => {
    const { id, role, epoch } = context();
    if (base.record !== undefined) {
      base.record({ level, msg, fields: { member: id, role, epoch } });
    } else {
      base[level](`[${id} ${role} e${epoch}] ${msg}`);
    }
  };
  return {
    info: (msg) => log('info', msg),
    warn: (msg) => log('warn', msg),
    error: (msg) => log('error', msg),
    record: (entry) => {
      const { id, role, epoch } = context();
      const fields = { member: id, role, epoch, ...entry.fields };
      if (base.record !== undefined) base.record({ ...entry, fields });
      else base[entry.level](`[${id} ${role} e${epoch}] ${entry.msg}`);
    },
  };
}
