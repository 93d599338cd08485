/** Where the server reports what happens: one line per event. Inject your own to route or silence it. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /**
   * Optional structured form for log processors: when present, loggers that add context (an
   * ensemble member's id, role and epoch) pass it here as fields instead of a text prefix.
   */
  record?(entry: LogRecord): void;
}

export type LogLevel = 'info' | 'warn' | 'error';

/** One log event as data: what a JSON log processor wants. */
export interface LogRecord {
  level: LogLevel;
  msg: string;
  fields: Readonly<Record<string, string | number | boolean>>;
}

/** One line per event on stderr, prefixed with the time and level. */
export const stderrLogger: Logger = {
  info: (message) => writeLine('INFO', message),
  warn: (message) => writeLine('WARN', message),
  error: (message) => writeLine('ERROR', message),
};

/** Drops everything (tests). */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};

function writeLine(level: string, message: string): void {
  process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`);
}

/**
 * One JSON object per line (`{"time":…,"level":"info","msg":…,<fields>}`) written by `write`
 * (default: stderr), for log processors. Plain messages get no fields.
 */
export function jsonLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
  clock: () => number = Date.now,
): Logger {
  const emit = (entry: LogRecord) =>
    write(
      `${JSON.stringify({ time: new Date(clock()).toISOString(), level: entry.level, msg: entry.msg, ...entry.fields })}\n`,
    );
  return {
    info: (msg) => emit({ level: 'info', msg, fields: {} }),
    warn: (msg) => emit({ level: 'warn', msg, fields: {} }),
    error: (msg) => emit({ level: 'error', msg, fields: {} }),
    record: emit,
  };
}
