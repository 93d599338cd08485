import { Properties } from 'properties-file/parser';
import { parseQuorumServer, type QuorumServerConfig } from './quorum-server';
import { ConfigError, type ServerConfig, type ServerConfigInput } from './server-config';
import { resolveSettings, type SettingName } from './settings';
import { authProviderWarning, isIgnoredZooKeeperKey, ZOO_CFG_KEYS } from './zoo-cfg-keys';

export interface ParsedZooCfg {
  /** Every setting resolved, defaults applied. */
  config: ServerConfig;
  /** Unknown or ignored keys, repeated keys, values zkts adjusted: for the host to log. */
  warnings: string[];
  /**
   * Only the settings the file states, typed. Pass this (not `config`) to `resolveServerConfig`
   * so that a tickTime flag still re-derives the session-timeout defaults.
   */
  settings: ServerConfigInput;
}

interface Origin {
  key: string;
  line: number;
}

/**
 * Parses zoo.cfg text: Java properties syntax (`key=value`, `key: value` or `key value`;
 * `#`/`!` comments; `\` continuations and escapes), values trimmed as ZooKeeper trims them;
 * a key given twice keeps its last value, as java.util.Properties does. Throws ConfigError
 * listing every invalid line or value.
 */
export function parseZooCfg(text: string): ParsedZooCfg {
  const warnings: string[] = [];
  const issues: string[] = [];
  const values: Record<string, unknown> = {};
  const origins = new Map<SettingName, Origin>();
  const servers = new Map<number, { entry: QuorumServerConfig; line: number }>();

  for (const node of new Properties(text).getProperties()) {
    const key = node.key;
    const value = node.value.trim();
    const line = node.startingLineNumber;
    const at = `(line ${line})`;
    const name = ZOO_CFG_KEYS[key] ?? ZOO_CFG_KEYS[key.replace(/^zookeeper\./, '')];
    const serverMatch = /^server\.(.*)$/.exec(key);

    if (name === undefined && serverMatch === null && node.separatorChar === undefined) {
      // `key value` is legal Java properties, but with an unknown key it is almost surely garbage.
      issues.push(`line ${line}: expected key=value, got ${JSON.stringify(node.rawLines.join(' ').trim())}`);
    } else if (name !== undefined) {
      const previous = origins.get(name);
      if (previous) {
        warnings.push(`${key}: set again (lines ${previous.line} and ${line}); the last value is used`);
      }
      origins.set(name, { key, line });
      values[name] = value;
    } else if (serverMatch !== null) {
      const parsed = parseQuorumServer(serverMatch[1]!, value);
      if (typeof parsed === 'string') issues.push(`${key}: ${parsed} ${at}`);
      else {
        const previous = servers.get(parsed.id);
        // java.util.Properties would keep the last silently: two members with one id is a mistake
        if (previous) issues.push(`${key}: defined twice (lines ${previous.line} and ${line})`);
        servers.set(parsed.id, { entry: parsed, line });
      }
    } else if (/^(zookeeper\.)?authProvider\./.test(key)) {
      const warning = authProviderWarning(key, value);
      if (warning !== undefined) warnings.push(`${warning} ${at}`);
    } else if (isIgnoredZooKeeperKey(key.replace(/^zookeeper\./, ''))) {
      warnings.push(`${key}: a ZooKeeper setting zkts does not implement; ignored ${at}`);
    } else {
      warnings.push(`${key}: unknown key; ignored ${at}`);
    }
  }
  if (servers.size > 0) values.servers = [...servers.values()].map((server) => server.entry);

  const label = (name: SettingName, message: string) => {
    const origin = origins.get(name);
    return origin ? `${origin.key}: ${message} (line ${origin.line})` : `${name}: ${message}`;
  };
  let resolved: { config: ServerConfig; warnings: string[] } | undefined;
  try {
    resolved = resolveSettings(values as ServerConfigInput, label);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0 || !resolved) throw new ConfigError(issues);
  return {
    config: resolved.config,
    warnings: [...warnings, ...resolved.warnings],
    settings: settingsOf(resolved.config, values, origins),
  };
}

/** The typed values of the settings the file stated. */
function settingsOf(config: ServerConfig, raw: Record<string, unknown>, origins: Map<SettingName, Origin>) {
  const settings: Record<string, unknown> = {};
  for (const name of origins.keys()) {
    // A session timeout of -1 means "the default", which must stay re-derivable from tickTime.
    const derived = (name === 'minSessionTimeout' || name === 'maxSessionTimeout') && raw[name] === '-1';
    if (!derived) settings[name] = config[name as keyof ServerConfig];
  }
  if (raw.servers !== undefined) settings.servers = config.servers;
  return settings as ServerConfigInput;
}
