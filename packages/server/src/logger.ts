/** Where the server reports what happens: one line per event. Inject your own to route or silence it. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
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
