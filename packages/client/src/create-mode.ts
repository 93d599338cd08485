import { type ACL, CreateMode, type MultiOp, OPEN_ACL_UNSAFE, OpCode } from '@zkts/core';
import { checkOptions } from './arguments';
import { type Data, toBytes } from './data';
import { BadArgumentsError } from './errors/error-classes';
import { type Chroot, validatePath } from './paths';

export type CreateModeName =
  | 'persistent'
  | 'ephemeral'
  | 'persistent-sequential'
  | 'ephemeral-sequential'
  | 'container'
  | 'persistent-with-ttl'
  | 'persistent-sequential-with-ttl';

const flagsByName: Record<CreateModeName, CreateMode> = {
  persistent: CreateMode.PERSISTENT,
  ephemeral: CreateMode.EPHEMERAL,
  'persistent-sequential': CreateMode.PERSISTENT_SEQUENTIAL,
  'ephemeral-sequential': CreateMode.EPHEMERAL_SEQUENTIAL,
  container: CreateMode.CONTAINER,
  'persistent-with-ttl': CreateMode.PERSISTENT_WITH_TTL,
  'persistent-sequential-with-ttl': CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL,
};

export interface CreatePlan {
  flags: CreateMode;
  /** create / create2 / createContainer / createTTL */
  opcode: number;
  sequential: boolean;
  ttl: number | undefined;
}

/**
 * Chooses flags and opcode as the Java client does: containers go as createContainer, TTL modes
 * as createTTL (both answer with a Stat), the rest as create2 when a Stat is wanted, else create.
 */
export function planCreate(
  mode: CreateModeName | CreateMode | undefined,
  ttl: number | undefined,
  withStat: boolean,
  path: string,
): CreatePlan {
  const flags = typeof mode === 'number' ? mode : flagsByName[mode ?? 'persistent'];
  if (flags === undefined || !Object.values(CreateMode).includes(flags)) {
    throw new BadArgumentsError(
      `unknown create mode ${JSON.stringify(mode) ?? String(mode)} (modes: ${Object.keys(flagsByName).join(', ')}, or a CreateMode number)`,
      { path },
    );
  }
  const withTtl =
    flags === CreateMode.PERSISTENT_WITH_TTL || flags === CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL;
  if (withTtl && (ttl === undefined || !Number.isInteger(ttl) || ttl <= 0)) {
    throw new BadArgumentsError('a TTL mode needs a positive integer `ttl` (ms)', { path });
  }
  if (!withTtl && ttl !== undefined) {
    throw new BadArgumentsError('`ttl` is only allowed with the persistent-with-ttl modes', { path });
  }
  const sequential =
    flags === CreateMode.PERSISTENT_SEQUENTIAL ||
    flags === CreateMode.EPHEMERAL_SEQUENTIAL ||
    flags === CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL;
  const opcode =
    flags === CreateMode.CONTAINER
      ? OpCode.createContainer
      : withTtl
        ? OpCode.createTTL
        : withStat
          ? OpCode.create2
          : OpCode.create;
  return { flags, opcode, sequential, ttl: withTtl ? ttl : undefined };
}

/** What a create (alone or in a transaction) may be given. */
export interface CreateRequestOptions {
  mode?: CreateModeName | CreateMode;
  acl?: readonly ACL[];
  ttl?: number;
  stat?: boolean;
}

/** What `create` takes (a transaction's create, the same less `parents`, `stat` and `signal`). */
const CREATE_OPTIONS = ['mode', 'acl', 'ttl', 'stat', 'parents', 'signal'];

/** The create request for `path` (validated, chroot applied), as `create` and transactions send it. */
export function buildCreateRequest(
  path: string,
  data: Data | null | undefined,
  options: CreateRequestOptions,
  chroot: Chroot,
): MultiOp {
  checkOptions('create', options, "{ mode: 'ephemeral' }", CREATE_OPTIONS);
  const plan = planCreate(options.mode, options.ttl, options.stat === true, path);
  validatePath(path, plan.sequential);
  const base = {
    path: chroot.toServer(path),
    data: toBytes(data),
    acl: [...(options.acl ?? OPEN_ACL_UNSAFE)],
    flags: plan.flags,
  };
  return plan.opcode === OpCode.createTTL
    ? { type: OpCode.createTTL, ...base, ttl: plan.ttl ?? 0 }
    : { type: plan.opcode as typeof OpCode.create, ...base };
}
