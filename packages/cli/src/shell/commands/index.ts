import type { ShellCommand } from '../command';
import { addauth, getAcl, setAcl, whoami } from './acl-commands';
import { config, reconfig, version } from './config-commands';
import { du, tree, watch } from './extra-commands';
import {
  create,
  del,
  deleteall,
  get,
  getAllChildrenNumber,
  getEphemerals,
  ls,
  ls2,
  rmr,
  set,
  stat,
  sync,
} from './node-commands';
import { delquota, listquota, setquota } from './quota-commands';
import { addWatch, removewatches } from './watch-commands';

/** Every command that talks to the server, by name. */
export const COMMANDS: ReadonlyMap<string, ShellCommand> = new Map(
  [
    addWatch,
    addauth,
    config,
    create,
    del,
    deleteall,
    delquota,
    du,
    get,
    getAcl,
    getAllChildrenNumber,
    getEphemerals,
    listquota,
    ls,
    ls2,
    reconfig,
    removewatches,
    rmr,
    set,
    setAcl,
    setquota,
    stat,
    sync,
    tree,
    version,
    watch,
    whoami,
  ].map((command) => [command.name, command]),
);
