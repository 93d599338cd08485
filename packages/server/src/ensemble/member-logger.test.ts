import { describe, expect, it } from 'vitest';
import { jsonLogger, type Logger, type LogRecord } from '../logger';
import { type MemberLogContext, memberLogger } from './member-logger';

function textLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`INFO ${m}`),
    warn: (m) => lines.push(`WARN ${m}`),
    error: (m) => lines.push(`ERROR ${m}`),
  };
}

describe('memberLogger', () => {
  it('prefixes every text line with the id, role and epoch current at that line', () => {
    const base = textLogger();
    let context: MemberLogContext = { id: 2, role: 'looking', epoch: 2 };
    const logger = memberLogger(base, () => context);
    logger.info('electing');
    context = { id: 2, role: 'follower', epoch: 3 };
    logger.warn('leader is slow');
    logger.error('lost the leader');
    expect(base.lines).toEqual([
      'INFO [2 looking e2] electing',
      'WARN [2 follower e3] leader is slow',
      'ERROR [2 follower e3] lost the leader',
    ]);
  });

  it('hands a structured logger records with the context as fields, no prefix', () => {
    const records: LogRecord[] = [];
    const base: Logger = { ...textLogger(), record: (entry) => records.push(entry) };
    const logger = memberLogger(base, () => ({ id: 1, role: 'leader', epoch: 7 }));
    logger.info('proposing');
    logger.record?.({ level: 'warn', msg: 'slow ack', fields: { peer: 3 } });
    expect(records).toEqual([
      { level: 'info', msg: 'proposing', fields: { member: 1, role: 'leader', epoch: 7 } },
      { level: 'warn', msg: 'slow ack', fields: { member: 1, role: 'leader', epoch: 7, peer: 3 } },
    ]);
  });

  it('jsonLogger writes one JSON object per line with the fields', () => {
    const lines: string[] = [];
    const logger = memberLogger(
      jsonLogger(
        (line) => lines.push(line),
        () => Date.UTC(2026, 0, 1),
      ),
      () => ({ id: 3, role: 'observer', epoch: 1 }),
    );
    logger.info('synced');
    expect(lines).toEqual([
      '{"time":"2026-01-01T00:00:00.000Z","level":"info","msg":"synced","member":3,"role":"observer","epoch":1}\n',
    ]);
  });
});
