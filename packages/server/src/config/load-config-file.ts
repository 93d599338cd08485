import { readFile } from 'node:fs/promises';
import { type ParsedZooCfg, parseZooCfg } from './parse-zoo-cfg';
import { ConfigError } from './server-config';

/** Reads and parses a zoo.cfg; a missing or unreadable file is a ConfigError naming the path. */
export async function loadConfigFile(path: string): Promise<ParsedZooCfg> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([`${path}: cannot read the configuration file (${reason})`]);
  }
  try {
    return parseZooCfg(text);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.issues.map((issue) => `${path}: ${issue}`));
    throw error;
  }
}
