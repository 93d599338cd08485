import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/index';

/** One login module line of a JAAS section: `<module class> <flag> name="value" ...;`. */
export interface JaasLoginModule {
  module: string;
  flag: string;
  options: ReadonlyMap<string, string>;
}

/** ZooKeeper's server-side module for DIGEST-MD5 users (`user_<name>="<password>"` options). */
export const DIGEST_LOGIN_MODULE = 'org.apache.zookeeper.server.auth.DigestLoginModule';

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"((?:[^"\\]|\\.)*)"|([{};=])|([^\s{};="]+)/y;

/**
 * Parses a JAAS login configuration (what Java reads from `java.security.auth.login.config`):
 * `Name { module flag key=value ...; ... };` sections, `//` and `/* *\/` comments, quoted
 * values. Throws ConfigError naming what is wrong.
 */
export function parseJaasConfig(text: string, origin: string): Map<string, JaasLoginModule[]> {
  const tokens: Array<{ word: string; quoted: boolean }> = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) throw new ConfigError([`${origin}: cannot read the JAAS file at offset ${at}`]);
    if (match[1] !== undefined) tokens.push({ word: match[1].replace(/\\(.)/g, '$1'), quoted: true });
    else if (match[2] !== undefined || match[3] !== undefined)
      tokens.push({ word: match[2] ?? match[3] ?? '', quoted: false });
  }
  const sections = new Map<string, JaasLoginModule[]>();
  let i = 0;
  const next = (expected: string): string => {
    const token = tokens[i++];
    if (token === undefined)
      throw new ConfigError([`${origin}: the JAAS file ends where ${expected} was expected`]);
    return token.word;
  };
  const expect = (symbol: string) => {
    const word = next(`"${symbol}"`);
    if (word !== symbol)
      throw new ConfigError([`${origin}: expected "${symbol}" in the JAAS file, got "${word}"`]);
  };
  while (i < tokens.length) {
    const name = next('a section name');
    expect('{');
    const modules: JaasLoginModule[] = [];
    while (tokens[i]?.word !== '}' || tokens[i]?.quoted) {
      const module = next('a login module class');
      const flag = next('a control flag (required, requisite, sufficient, optional)');
      const options = new Map<string, string>();
      while (tokens[i]?.word !== ';' || tokens[i]?.quoted) {
        const key = next('an option name');
        expect('=');
        options.set(key, next(`the value of ${key}`));
      }
      i++; // ;
      modules.push({ module, flag, options });
    }
    i++; // }
    expect(';');
    sections.set(name, modules);
  }
  return sections;
}

/**
 * The DIGEST-MD5 users (name → password) of a JAAS section, as ZooKeeper's SaslServerCallbackHandler
 * reads them: every `user_<name>` option of its DigestLoginModule. Undefined when the section is
 * missing; a section without that module has no users.
 */
export function digestUsers(
  sections: Map<string, JaasLoginModule[]>,
  section: string,
): Map<string, string> | undefined {
  const modules = sections.get(section);
  if (modules === undefined) return undefined;
  const users = new Map<string, string>();
  for (const { module, options } of modules) {
    if (module !== DIGEST_LOGIN_MODULE) continue;
    for (const [key, value] of options) if (key.startsWith('user_')) users.set(key.slice(5), value);
  }
  return users;
}

/** The DIGEST-MD5 users of a JAAS file's `Server` section (ZooKeeper's zookeeper.sasl.serverconfig default). */
export function loadSaslUsers(path: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([
      `jaasConfig: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    ]);
  }
  const users = digestUsers(parseJaasConfig(text, `jaasConfig ${path}`), 'Server');
  if (users === undefined) throw new ConfigError([`jaasConfig: ${path} has no Server section`]);
  return users;
}
