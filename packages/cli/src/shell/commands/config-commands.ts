import type { ShellCommand } from '../command';
import { dataText } from '../data-text';
import { parseOptions } from '../options';
import { zkCall } from '../run-zk';
import { statJson } from '../zk-format';
import { printStat, usageError } from './node-commands';

const decoder = new TextDecoder();

/**
 * ConfigUtils.getClientConfigStr: `version host:port,host:port` from the dynamic config
 * (`server.1=h:2888:3888:participant;0.0.0.0:2181` lines and `version=…`).
 */
export function clientConfig(config: string): string {
  let version = '';
  const servers: string[] = [];
  for (const line of config.split('\n')) {
    const [key, value] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
    if (key === 'version') version = value;
    else if (key.startsWith('server.')) {
      const client = value.split(';')[1];
      if (client !== undefined)
        servers.push(client.includes(':') ? client : `${value.split(':')[0]}:${client}`);
    }
  }
  return `${version} ${servers.join(',')}`;
}

export const config: ShellCommand = {
  name: 'config',
  synopsis: '[-c] [-w] [-s]',
  async run(ctx) {
    const { flags } = parseOptions(ctx.words, { flags: 'cws' });
    const zk = await ctx.client();
    const { data, stat } = await zkCall(() =>
      flags.has('w') ? zk.getConfig({ watch: ctx.watcher }) : zk.getConfig(),
    );
    const text = dataText(data);
    ctx.out(flags.has('c') ? clientConfig(decoder.decode(data)) : text);
    if (flags.has('s')) printStat(ctx, stat);
    ctx.result({ config: decoder.decode(data), stat: statJson(stat) });
  },
};

export const VERSION_TEXT = 'ZooKeeper CLI version: zkts (ZooKeeper 3.8 compatible)';

export const version: ShellCommand = {
  name: 'version',
  synopsis: '',
  async run(ctx) {
    ctx.out(VERSION_TEXT);
    ctx.result({ version: VERSION_TEXT });
  },
};

export const reconfig: ShellCommand = {
  name: 'reconfig',
  synopsis:
    '[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]',
  async run(ctx) {
    const options: { joining?: string; leaving?: string; members?: string; fromConfig?: number } = {};
    let withStat = false;
    const words = ctx.words.slice(1);
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      const value = words[i + 1];
      if (word === '-s') withStat = true;
      else if (value === undefined) throw usageError(this);
      else if (word === '-v') options.fromConfig = Number.parseInt(value, 16);
      else if (word === '-add') options.joining = value;
      else if (word === '-remove') options.leaving = value;
      else if (word === '-members') options.members = value;
      else throw usageError(this);
      if (word !== '-s') i++;
    }
    if (options.joining === undefined && options.leaving === undefined && options.members === undefined) {
      throw usageError(this);
    }
    const zk = await ctx.client();
    const { data, stat } = await zkCall(() => zk.reconfig(options));
    ctx.out('Committed new configuration:');
    ctx.out(decoder.decode(data));
    if (withStat) printStat(ctx, stat);
    ctx.result({ config: decoder.decode(data), stat: statJson(stat) });
  },
};
