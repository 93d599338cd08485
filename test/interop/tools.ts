/**
 * Which real ZooKeeper clients exist on this machine. A suite whose client is missing is
 * skipped with a message, but only outside CI: scripts/setup.sh installs them all, so in CI a
 * missing client must fail its suite instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const JAVA_CLASSPATH = '/usr/share/java/*';
export const CLI_MT = '/usr/lib/zookeeper/bin/cli_mt';
/** Debian's python3-kazoo installs into the system interpreter, not a pyenv one. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function runs(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 });
  return result.status === 0;
}

export const tools = {
  zkCli: () => existsSync('/usr/share/java/zookeeper.jar') && runs('java', ['-version']),
  kazoo: () => runs(PYTHON, ['-c', 'import kazoo']),
  cliMt: () => existsSync(CLI_MT),
};

/** True when the suite should run; logs why when it will not. */
export function toolAvailable(name: keyof typeof tools): boolean {
  if (process.env.CI) return true;
  const ok = tools[name]();
  if (!ok) console.warn(`[interop] skipping ${name} tests: ${name} is not installed (run scripts/setup.sh)`);
  return ok;
}
