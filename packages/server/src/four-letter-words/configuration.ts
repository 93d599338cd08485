import type { ServerConfig } from '../config/index';
import { directorySize, storageDir } from './directories';

/** `conf`: the settings in ZooKeeper 3.8's order and key names. */
export function conf(config: ServerConfig, boundPort: number): string {
  const dataDir = storageDir(config.dataDir);
  const dataLogDir = storageDir(config.dataLogDir ?? config.dataDir);
  return (
    `clientPort=${boundPort}\n` +
    'secureClientPort=-1\n' +
    `dataDir=${dataDir}\n` +
    `dataDirSize=${directorySize(dataDir)}\n` +
    `dataLogDir=${dataLogDir}\n` +
    `dataLogSize=${directorySize(dataLogDir)}\n` +
    `tickTime=${config.tickTime}\n` +
    `maxClientCnxns=${config.maxClientCnxns}\n` +
    `minSessionTimeout=${config.minSessionTimeout}\n` +
    `maxSessionTimeout=${config.maxSessionTimeout}\n` +
    'clientPortListenBacklog=-1\n' +
    'serverId=0\n'
  );
}
