import { freemem, hostname, release, totalmem, userInfo } from 'node:os';
import { REPORTED_VERSION } from '../version';

/** `envi`: ZooKeeper's layout, with the Node.js runtime where ZooKeeper lists the JVM's. */
export function envi(): string {
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)}MB`;
  let user = 'unknown';
  let home = '';
  try {
    const info = userInfo();
    user = info.username;
    home = info.homedir;
  } catch {
    // no passwd entry (containers): leave the defaults
  }
  const memory = process.memoryUsage();
  return (
    'Environment:\n' +
    `zookeeper.version=${REPORTED_VERSION}\n` +
    `host.name=${hostname()}\n` +
    `node.version=${process.version}\n` +
    `os.name=${process.platform === 'linux' ? 'Linux' : process.platform}\n` +
    `os.arch=${process.arch === 'x64' ? 'amd64' : process.arch}\n` +
    `os.version=${release()}\n` +
    `user.name=${user}\n` +
    `user.home=${home}\n` +
    `user.dir=${process.cwd()}\n` +
    `os.memory.free=${mb(freemem())}\n` +
    `os.memory.max=${mb(totalmem())}\n` +
    `os.memory.total=${mb(memory.rss)}\n`
  );
}
