import type { ServerConfigInput } from './server-config';
import { type ResolvedServerConfig, resolveSettings } from './settings';

/**
 * The configuration from command-line flags (or a programmatic host) over a file's settings:
 * a flag wins over the same setting in the file, defaults fill the rest. Pass a parsed file's
 * `settings`; a full `ServerConfig` also works, but then its session timeouts count as stated.
 * Throws ConfigError naming each bad flag.
 */
export function resolveServerConfig(
  flags: ServerConfigInput,
  fileConfig?: ServerConfigInput,
): ResolvedServerConfig {
  const stated = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  return resolveSettings({ ...fileConfig, ...stated }, (name, message) => `${name}: ${message}`);
}
