import { type CreateModeName, InvalidACLError, type Stat } from '@zkts/client';
import { NULL_DATA } from '@zkts/core';
import { parseAcl } from '../acl-parser';
import { type CommandContext, type ShellCommand, usageOf } from '../command';
import { CommandError } from '../command-error';
import { dataJson, dataText } from '../data-text';
import { parseOptions } from '../options';
import { parseInteger, zkCall } from '../run-zk';
import { formatStat, isZooKeeperError, statJson } from '../zk-format';
import { checkPath } from '../zk-paths';
import { deleteRecursive, visitSubtree } from './subtree';

const encoder = new TextEncoder();

export function printStat(ctx: CommandContext, stat: Stat): void {
  for (const line of formatStat(stat)) ctx.out(line);
}

/** A usage error: zkCli prints the command's usage line. */
export function usageError(command: Pick<ShellCommand, 'name' | 'synopsis'>): CommandError {
  return new CommandError(usageOf(command));
}

/** The `path` of a `command path` line, checked: the usage line when it is missing. */
export function pathArgument(ctx: CommandContext, command: Pick<ShellCommand, 'name' | 'synopsis'>): string {
  const path = ctx.words[1];
  if (path === undefined) throw usageError(command);
  checkPath(path);
  return path;
}

/**
 * `ls path watch`, `get path watch`, `stat path watch`, `delete path version`: the 3.4 forms,
 * which zkCli 3.8 still takes after printing this notice.
 */
function deprecated(ctx: CommandContext, old: string, now: string): void {
  ctx.err(`'${old}' has been deprecated. Please use '${now}' instead.`);
}

export const create: ShellCommand = {
  name: 'create',
  synopsis: '[-s] [-e] [-c] [-t ttl] path [data] [acl]',
  async run(ctx) {
    const { args, flags, values } = parseOptions(ctx.words, { flags: 'sec', values: 't' });
    const path = args[1];
    if (path === undefined) throw usageError(this);
    const [s, e, c, t] = [flags.has('s'), flags.has('e'), flags.has('c'), values.has('t')];
    if (c && (e || s)) {
      throw new CommandError(
        '-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.',
      );
    }
    const ttlText = values.get('t') ?? '0';
    if (!/^[-+]?\d+$/.test(ttlText)) throw new CommandError('-t argument must be a long value');
    const ttl = Number(ttlText);
    if (t && e) throw new CommandError('TTLs cannot be used with Ephemeral znodes');
    if (t && c) throw new CommandError('TTLs cannot be used with Container znodes');
    if (t && (ttl <= 0 || ttl > 0xffffffffff))
      throw new CommandError(`ttl must be positive and cannot be larger than: ${0xffffffffff}`);
    const mode: CreateModeName =
      e && s
        ? 'ephemeral-sequential'
        : e
          ? 'ephemeral'
          : s
            ? t
              ? 'persistent-sequential-with-ttl'
              : 'persistent-sequential'
            : c
              ? 'container'
              : t
                ? 'persistent-with-ttl'
                : 'persistent';
    checkPath(path, s);
    const data = args[2] === undefined ? NULL_DATA : encoder.encode(args[2]);
    const acl = args[3] === undefined ? undefined : parseAcl(args[3], (line) => ctx.err(line));
    if (acl !== undefined && acl.length === 0) {
      ctx.err('KeeperErrorCode = InvalidACL');
      throw new CommandError('Acl is not valid : null', 1, -114);
    }
    const zk = await ctx.client();
    const created = await zkCall(async () => {
      try {
        return await zk.create(path, data, { mode, ...(acl ? { acl } : {}), ...(t ? { ttl } : {}) });
      } catch (error) {
        // zkCli prints the KeeperException's own message first for an invalid ACL
        if (InvalidACLError.isInstance(error)) ctx.err(`KeeperErrorCode = InvalidACL for ${path}`);
        throw error;
      }
    }, path);
    ctx.err(`Created ${created}`);
    ctx.result({ path: created });
  },
};

export const get: ShellCommand = {
  name: 'get',
  synopsis: '[-s] [-w] path',
  async run(ctx) {
    const { args, flags } = parseOptions(ctx.words, { flags: 'sw' });
    const path = args[1];
    if (path === undefined) throw usageError(this);
    if (args.length > 2) deprecated(ctx, 'get path [watch]', 'get [-s] [-w] path');
    const watch = flags.has('w') || args.length > 2;
    checkPath(path);
    const zk = await ctx.client();
    const { data, stat } = await zkCall(
      () => (watch ? zk.getData(path, { watch: ctx.watcher }) : zk.getData(path)),
      path,
    );
    ctx.out(dataText(data));
    if (flags.has('s')) printStat(ctx, stat);
    ctx.result({ path, data: dataJson(data), stat: statJson(stat) });
  },
};

export const set: ShellCommand = {
  name: 'set',
  synopsis: '[-s] [-v version] path data',
  async run(ctx) {
    const { args, flags, values } = parseOptions(ctx.words, { flags: 's', values: 'v' });
    const [, path, data, legacyVersion] = args;
    if (path === undefined || data === undefined) throw usageError(this);
    // `set path data version` is the 3.4 form: zkCli 3.8 ignores the version, which would
    // overwrite a newer value; it is honoured here, and the Stat printed as 3.4 did.
    const versionText = values.get('v') ?? legacyVersion;
    const version = versionText === undefined ? -1 : parseInteger(versionText, 'version');
    checkPath(path);
    const zk = await ctx.client();
    const stat = await zkCall(() => zk.setData(path, encoder.encode(data), { version }), path);
    if (flags.has('s') || legacyVersion !== undefined) printStat(ctx, stat);
    ctx.result({ path, stat: statJson(stat) });
  },
};

export const stat: ShellCommand = {
  name: 'stat',
  synopsis: '[-w] path',
  async run(ctx) {
    const { args, flags } = parseOptions(ctx.words, { flags: 'w' });
    const path = args[1];
    if (path === undefined) throw usageError(this);
    if (args.length > 2) deprecated(ctx, 'stat path [watch]', 'stat [-w] path');
    checkPath(path);
    const zk = await ctx.client();
    const watch = flags.has('w') || args.length > 2;
    const found = await zkCall(
      async () => (watch ? await zk.exists(path, { watch: ctx.watcher }) : await zk.exists(path)).stat,
      path,
    );
    if (found === null) throw new CommandError(`Node does not exist: ${path}`, 1, -101);
    printStat(ctx, found);
    ctx.result({ path, stat: statJson(found) });
  },
};

export const ls: ShellCommand = {
  name: 'ls',
  synopsis: '[-s] [-w] [-R] path',
  async run(ctx) {
    const { args, flags } = parseOptions(ctx.words, { flags: 'swR' });
    const path = args[1];
    if (path === undefined) throw usageError(this);
    if (args.length > 2) deprecated(ctx, 'ls path [watch]', 'ls [-w] path');
    const watch = flags.has('w') || args.length > 2;
    checkPath(path);
    const zk = await ctx.client();
    if (flags.has('R')) {
      const paths: string[] = [];
      await zkCall(
        () =>
          visitSubtree(zk, path, watch ? ctx.watcher : undefined, (visited) => {
            ctx.out(visited);
            paths.push(visited);
          }),
        path,
      );
      ctx.result({ path, paths });
      return;
    }
    const { children, stat: parentStat } = await zkCall(
      () => (watch ? zk.getChildren(path, { watch: ctx.watcher }) : zk.getChildren(path)),
      path,
    );
    const sorted = [...children].sort();
    ctx.out(`[${sorted.join(', ')}]`);
    if (flags.has('s')) printStat(ctx, parentStat);
    ctx.result({ path, children: sorted, ...(flags.has('s') ? { stat: statJson(parentStat) } : {}) });
  },
};

/** `ls2 path [watch]` (ZooKeeper 3.4): the children, then the node's Stat. */
export const ls2: ShellCommand = {
  name: 'ls2',
  synopsis: 'path [watch]',
  hidden: true,
  async run(ctx) {
    const path = pathArgument(ctx, this);
    const zk = await ctx.client();
    const watch = ctx.words.length > 2;
    const { children, stat: parentStat } = await zkCall(
      () => (watch ? zk.getChildren(path, { watch: ctx.watcher }) : zk.getChildren(path)),
      path,
    );
    const sorted = [...children].sort();
    ctx.out(`[${sorted.join(', ')}]`);
    printStat(ctx, parentStat);
    ctx.result({ path, children: sorted, stat: statJson(parentStat) });
  },
};

export const del: ShellCommand = {
  name: 'delete',
  synopsis: '[-v version] path',
  async run(ctx) {
    const { args, values } = parseOptions(ctx.words, { values: 'v' });
    const path = args[1];
    if (path === undefined) throw usageError(this);
    let versionText = values.get('v');
    if (args.length > 2) {
      deprecated(ctx, 'delete path [version]', 'delete [-v version] path');
      versionText = args[2];
    }
    const version = versionText === undefined ? -1 : parseInteger(versionText, 'version');
    checkPath(path);
    const zk = await ctx.client();
    await zkCall(() => zk.delete(path, { version }), path);
    ctx.result({ path });
  },
};

export const deleteall: ShellCommand = {
  name: 'deleteall',
  synopsis: 'path [-b batch size]',
  async run(ctx) {
    const { args, values } = parseOptions(ctx.words, { values: 'b' });
    const path = args[1];
    if (path === undefined) throw usageError(this);
    const batch = values.has('b') ? parseInteger(values.get('b') ?? '', 'batch size') : 1000;
    checkPath(path);
    const zk = await ctx.client();
    const deleted = await zkCall(() => deleteRecursive(zk, path, Math.max(batch, 1)), path);
    ctx.result({ path, deleted });
  },
};

/** `rmr path` (ZooKeeper 3.4): deleteall by its old name. */
export const rmr: ShellCommand = {
  name: 'rmr',
  synopsis: 'path',
  hidden: true,
  async run(ctx) {
    const path = pathArgument(ctx, this);
    const zk = await ctx.client();
    const deleted = await zkCall(() => deleteRecursive(zk, path, 1000), path);
    ctx.result({ path, deleted });
  },
};

export const getEphemerals: ShellCommand = {
  name: 'getEphemerals',
  synopsis: 'path',
  async run(ctx) {
    const path = ctx.words[1] ?? '/';
    checkPath(path);
    const zk = await ctx.client();
    const paths = await zkCall(() => zk.getEphemerals(path), path);
    ctx.out(`[${paths.join(', ')}]`);
    ctx.result({ path, ephemerals: paths });
  },
};

export const getAllChildrenNumber: ShellCommand = {
  name: 'getAllChildrenNumber',
  synopsis: 'path',
  async run(ctx) {
    const path = pathArgument(ctx, this);
    const zk = await ctx.client();
    const count = await zkCall(() => zk.getAllChildrenNumber(path), path);
    ctx.out(String(count));
    ctx.result({ path, count });
  },
};

export const sync: ShellCommand = {
  name: 'sync',
  synopsis: 'path',
  async run(ctx) {
    const path = pathArgument(ctx, this);
    const zk = await ctx.client();
    try {
      await zk.sync(path);
    } catch (error) {
      const code = isZooKeeperError(error) ? error.code : -1;
      throw new CommandError(`Sync has failed. rc=${code}`, 1, code);
    }
    ctx.out('Sync is OK');
    ctx.result({ path });
  },
};
