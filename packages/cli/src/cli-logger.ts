import type { Logger } from '@zkts/server';

/** Plain lines on stderr prefixed with the command, e.g. `zkts server serving on 127.0.0.1:2181 …`. */
export function cliLogger(prefix: string): Logger {
  const line = (level: string, message: string) => process.stderr.write(`${prefix}${level}${message}\n`);
  return {
    info: (message) => line('', message),
    warn: (message) => line('WARN ', message),
    error: (message) => line('ERROR ', message),
  };
}
