import { NULL_DATA } from '@zkts/core';
import { parseAcl } from '../acl-parser';
import type { ShellCommand } from '../command';
import { CommandError } from '../command-error';
import { parseOptions } from '../options';
import { parseInteger, zkCall } from '../run-zk';
import { cliErrorMessage, formatAcl, isZooKeeperError, permString, statJson } from '../zk-format';
import { checkPath } from '../zk-paths';
import { printStat, usageError } from './node-commands';
import { visitSubtree } from './subtree';

const encoder = new TextEncoder();

export const getAcl: ShellCommand = {
  name: 'getAcl',
  synopsis: '[-s] path',
  async run(ctx) {
    const { args, flags } = parseOptions(ctx.words, { flags: 's' });
    const path = args[1];
    if (path === undefined) throw usageError(this);
    checkPath(path);
    const zk = await ctx.client();
    const { acl, stat } = await zkCall(() => zk.getACL(path), path);
    for (const line of formatAcl(acl)) ctx.out(line);
    if (flags.has('s')) printStat(ctx, stat);
    ctx.result({
      path,
      acl: acl.map((entry) => ({ scheme: entry.id.scheme, id: entry.id.id, perms: permString(entry.perms) })),
      stat: statJson(stat),
    });
  },
};

export const setAcl: ShellCommand = {
  name: 'setAcl',
  synopsis: '[-s] [-v version] [-R] path acl',
  async run(ctx) {
    const { args, flags, values } = parseOptions(ctx.words, { flags: 'sR', values: 'v' });
    const [, path, aclText] = args;
    if (path === undefined || aclText === undefined) throw usageError(this);
    const acl = parseAcl(aclText, (line) => ctx.err(line));
    const versionText = values.get('v');
    const version = versionText === undefined ? -1 : parseInteger(versionText, 'version');
    checkPath(path);
    // the Java client refuses an empty ACL before sending, with no path in the message
    if (acl.length === 0) throw new CommandError('Acl is not valid : null', 1, -114);
    const zk = await ctx.client();
    if (flags.has('R')) {
      const paths: string[] = [];
      await zkCall(() => visitSubtree(zk, path, undefined, (p) => paths.push(p)), path);
      for (const p of paths) {
        try {
          await zk.setACL(p, acl, { version });
        } catch (error) {
          // zkCli prints each node's failure and goes on with the others
          if (!isZooKeeperError(error)) throw error;
          ctx.out(cliErrorMessage(error.code, p));
        }
      }
      ctx.result({ paths });
      return;
    }
    const stat = await zkCall(() => zk.setACL(path, acl, { version }), path);
    if (flags.has('s')) printStat(ctx, stat);
    ctx.result({ path, stat: statJson(stat) });
  },
};

export const addauth: ShellCommand = {
  name: 'addauth',
  synopsis: 'scheme auth',
  async run(ctx) {
    const [, scheme, auth] = ctx.words;
    if (scheme === undefined) throw usageError(this);
    const zk = await ctx.client();
    // a refused identity ends the session with an AuthFailed event, which the watcher prints
    // without auth data the Java client sends null, which every scheme refuses
    await zk
      .addAuthInfo(scheme, auth === undefined ? NULL_DATA : encoder.encode(auth))
      .catch(() => undefined);
  },
};

export const whoami: ShellCommand = {
  name: 'whoami',
  synopsis: '',
  async run(ctx) {
    const zk = await ctx.client();
    const infos = await zkCall(() => zk.whoAmI());
    ctx.out('Auth scheme: User');
    for (const info of infos) ctx.out(`${info.authScheme}: ${info.user}`);
    ctx.result(infos.map((info) => ({ scheme: info.authScheme, user: info.user })));
  },
};
