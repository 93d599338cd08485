import type { ZooKeeperClient } from '@zkts/client';
import { NodeExistsError, NoNodeError, OPEN_ACL_UNSAFE } from '@zkts/client';
import { LIMITS_NODE, QUOTA_NODE, STATS_NODE, StatsTrack, statsTrackOf } from '@zkts/core';
import type { ShellCommand } from '../command';
import { CommandError } from '../command-error';
import { parseOptions } from '../options';
import { zkCall } from '../run-zk';
import { checkPath } from '../zk-paths';
import { pathArgument, usageError } from './node-commands';

const encoder = new TextEncoder();
const bytesOf = (track: StatsTrack) => encoder.encode(track.toString());

/** setquota's letters and the StatsTrack keys they set. */
const QUOTA_KEYS = { n: 'count', b: 'bytes', N: 'countHardLimit', B: 'byteHardLimit' } as const;
type QuotaLetter = keyof typeof QUOTA_KEYS;
const LETTERS: QuotaLetter[] = ['n', 'b', 'N', 'B'];

/** SetQuotaCommand's checks: counts above zero, byte limits at least zero. */
const TOO_SMALL: Record<QuotaLetter, string> = {
  n: 'the num quota must be greater than zero',
  b: 'the bytes quota must be greater than or equal to zero',
  N: 'the num hard quota must be greater than zero',
  B: 'the bytes hard quota must be greater than or equal to zero',
};

const MISSING_OPTION =
  'org.apache.commons.cli.MissingOptionException: Missing required option: [-n num soft quota, -b bytes soft quota, -N num hard quota, -B bytes hard quota]';

function chosenLetter(values: Map<string, string>): QuotaLetter {
  const chosen = LETTERS.filter((letter) => values.has(letter));
  const [first, second] = chosen;
  if (first === undefined) throw new CommandError(MISSING_OPTION);
  if (second !== undefined) {
    throw new CommandError(
      `org.apache.commons.cli.AlreadySelectedException: The option '${second}' was specified but an option from this group has already been selected: '${first}'`,
    );
  }
  return first;
}

export const setquota: ShellCommand = {
  name: 'setquota',
  synopsis: '-n|-b|-N|-B val path',
  async run(ctx) {
    const { args, values } = parseOptions(ctx.words, { values: 'nbNB' });
    const letter = chosenLetter(values);
    const path = args[1];
    if (path === undefined) throw usageError(this);
    const text = values.get(letter) ?? '';
    // counts are Java ints, byte sizes longs (kept to what a double holds exactly)
    const value = /^[-+]?\d+$/.test(text) ? Number(text) : Number.NaN;
    const max = letter === 'n' || letter === 'N' ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER;
    if (!(Math.abs(value) <= max)) {
      throw new CommandError('NumberFormatException happens when parsing the option value');
    }
    if (letter === 'n' || letter === 'N' ? value <= 0 : value < 0) throw new CommandError(TOO_SMALL[letter]);
    // zkCli builds `/zookeeper/quota/` for the root, which fails the path check
    if (path === '/') throw new CommandError('Path must not end with / character');
    if (path.startsWith(QUOTA_NODE))
      throw new CommandError(`cannot set a quota under the path: ${QUOTA_NODE}`);
    checkPath(path);
    const zk = await ctx.client();
    await zkCall(() => createQuota(zk, path, QUOTA_KEYS[letter], value), path);
    ctx.result({ path, [QUOTA_KEYS[letter]]: value });
  },
};

/** SetQuotaCommand.createQuota: refuses nested quotas, creates or updates the limits node. */
async function createQuota(zk: ZooKeeperClient, path: string, key: string, value: number): Promise<void> {
  if ((await zk.exists(path)).stat === null) throw new CommandError(`${path} does not exist.`);
  try {
    const { children } = await zk.getChildren(QUOTA_NODE + path);
    for (const child of children) {
      if (!child.startsWith('zookeeper_'))
        throw new CommandError(`${path} has child ${child} which has a quota`);
    }
  } catch (error) {
    if (!NoNodeError.isInstance(error)) throw error;
  }
  const parts = path.split('/').filter((part) => part.length > 0);
  for (let i = 1; i < parts.length; i++) {
    const ancestor = `/${parts.slice(0, i).join('/')}`;
    if ((await zk.exists(`${QUOTA_NODE}${ancestor}/${LIMITS_NODE}`)).stat !== null) {
      throw new CommandError(`${path} has a parent ${ancestor} which has a quota`);
    }
  }
  let quotaPath = QUOTA_NODE;
  for (const part of parts) {
    quotaPath += `/${part}`;
    if ((await zk.exists(quotaPath)).stat === null) {
      await zk.create(quotaPath, null, { acl: OPEN_ACL_UNSAFE }).catch((error: unknown) => {
        if (!NodeExistsError.isInstance(error)) throw error;
      });
    }
  }
  const limitsPath = `${quotaPath}/${LIMITS_NODE}`;
  const statsPath = `${quotaPath}/${STATS_NODE}`;
  if ((await zk.exists(limitsPath)).stat === null) {
    const limits = new StatsTrack();
    for (const k of Object.values(QUOTA_KEYS)) limits.set(k, -1);
    limits.set(key, value);
    await zk.create(limitsPath, bytesOf(limits), { acl: OPEN_ACL_UNSAFE });
    const stats = new StatsTrack();
    stats.set('count', 0);
    stats.set('bytes', 0);
    await zk.create(statsPath, bytesOf(stats), { acl: OPEN_ACL_UNSAFE });
  } else {
    const limits = statsTrackOf((await zk.getData(limitsPath)).data);
    limits.set(key, value);
    await zk.setData(limitsPath, bytesOf(limits));
  }
}

export const listquota: ShellCommand = {
  name: 'listquota',
  synopsis: 'path',
  async run(ctx) {
    const path = pathArgument(ctx, this);
    const zk = await ctx.client();
    ctx.err(`absolute path is ${QUOTA_NODE}${path}/${LIMITS_NODE}`);
    let limits: string;
    let stats: string;
    try {
      limits = statsTrackOf((await zk.getData(`${QUOTA_NODE}${path}/${LIMITS_NODE}`)).data).toString();
      stats = statsTrackOf((await zk.getData(`${QUOTA_NODE}${path}/${STATS_NODE}`)).data).toString();
    } catch (error) {
      if (NoNodeError.isInstance(error)) throw new CommandError(`quota for ${path} does not exist.`, 1, -101);
      return zkCall(() => Promise.reject(error), path);
    }
    ctx.out(`Output quota for ${path} ${limits}`);
    ctx.out(`Output stat for ${path} ${stats}`);
    ctx.result({ path, quota: limits, stat: stats });
  },
};

export const delquota: ShellCommand = {
  name: 'delquota',
  synopsis: '[-n|-b|-N|-B] path',
  async run(ctx) {
    const { args, flags } = parseOptions(ctx.words, { flags: 'nbNB' });
    const path = args[1];
    if (path === undefined) throw usageError(this);
    checkPath(path);
    const zk = await ctx.client();
    const limitsPath = `${QUOTA_NODE}${path}/${LIMITS_NODE}`;
    if ((await zkCall(() => zk.exists(limitsPath), path)).stat === null) {
      ctx.out(`Quota does not exist for ${path}`);
      ctx.result({ path, deleted: false });
      return;
    }
    const letters = LETTERS.filter((letter) => flags.has(letter));
    if (letters.length > 0) {
      const limits = statsTrackOf((await zkCall(() => zk.getData(limitsPath), path)).data);
      for (const letter of letters) limits.set(QUOTA_KEYS[letter], -1);
      await zkCall(() => zk.setData(limitsPath, bytesOf(limits)), path);
    } else {
      await zkCall(() => deleteQuotaNodes(zk, QUOTA_NODE + path), path);
    }
    ctx.result({ path, deleted: true });
  },
};

/** DelQuotaCommand: the quota node's children, then each ancestor left without children. */
async function deleteQuotaNodes(zk: ZooKeeperClient, quotaPath: string): Promise<void> {
  const { children } = await zk.getChildren(quotaPath);
  for (const child of children) await zk.delete(`${quotaPath}/${child}`);
  let path = quotaPath;
  while (path !== QUOTA_NODE && path.length > QUOTA_NODE.length) {
    if ((await zk.getChildren(path)).children.length > 0) return;
    await zk.delete(path);
    path = path.slice(0, path.lastIndexOf('/'));
  }
}
