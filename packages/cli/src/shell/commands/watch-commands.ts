import { NoWatcherError, type WatchTypeName } from '@zkts/client';
import type { ShellCommand } from '../command';
import { CommandError } from '../command-error';
import { parseOptions } from '../options';
import { zkCall } from '../run-zk';
import { keeperMessage } from '../zk-format';
import { checkPath } from '../zk-paths';
import { usageError } from './node-commands';

export const addWatch: ShellCommand = {
  name: 'addWatch',
  synopsis:
    '[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE',
  async run(ctx) {
    const { args, values } = parseOptions(ctx.words, { values: 'm' });
    const path = args[1];
    const mode = values.get('m') ?? 'PERSISTENT_RECURSIVE';
    if (path === undefined || (mode !== 'PERSISTENT' && mode !== 'PERSISTENT_RECURSIVE'))
      throw usageError(this);
    checkPath(path);
    const zk = await ctx.client();
    const recursive = mode === 'PERSISTENT_RECURSIVE';
    await zkCall(
      () =>
        zk.addWatch(path, ctx.watcher, {
          recursive,
          // a removed watch is announced to its watcher, as the Java client does; the end of
          // the session ends it too, which the Java client does not announce
          onEnd: (error) => {
            const state = zk.state.type;
            if (error === undefined && (state === 'connected' || state === 'connected-read-only')) {
              ctx.watcher({ type: 'persistent-watch-removed', path });
            }
          },
        }),
      path,
    );
    ctx.result({ path, mode });
  },
};

export const removewatches: ShellCommand = {
  name: 'removewatches',
  synopsis: 'path [-c|-d|-a] [-l]',
  async run(ctx) {
    const { args, flags } = parseOptions(ctx.words, { flags: 'cdal' });
    const path = args[1];
    if (path === undefined) throw usageError(this);
    checkPath(path);
    // the last of -c, -d, -a wins in zkCli; any when none
    let type: WatchTypeName = 'any';
    if (flags.has('c')) type = 'children';
    if (flags.has('d')) type = 'data';
    if (flags.has('a')) type = 'any';
    const zk = await ctx.client();
    try {
      await zk.removeAllWatches(path, type, { local: flags.has('l') });
    } catch (error) {
      if (NoWatcherError.isInstance(error)) {
        throw new CommandError(keeperMessage(-121, path), 1, -121);
      }
      return zkCall(() => Promise.reject(error), path);
    }
    ctx.result({ path, type });
  },
};
