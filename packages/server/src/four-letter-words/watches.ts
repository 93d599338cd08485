import type { ServingHost } from '../connection/serving-host';
import { hexId } from '../hex';
import type { WatchTarget } from '../pipeline/pending-write';

function sessionOf(watcher: WatchTarget): string {
  return hexId(watcher.sessionId);
}

/** `wchs`: counts over the data-watch table, as 3.8.0 reports them. */
export function wchs(server: ServingHost): string {
  const { connections, paths, watches } = server.tree.watches.summary();
  return `${connections} connections watching ${paths} paths\nTotal watches:${watches}\n`;
}

/** `wchc`: each session with the paths it watches. */
export function wchc(server: ServingHost): string {
  let out = '';
  for (const [watcher, paths] of server.tree.watches.watchesByWatcher()) {
    out += `${sessionOf(watcher)}\n`;
    for (const path of paths) out += `\t${path}\n`;
  }
  return `${out}\n`;
}

/** `wchp`: each watched path with the sessions watching it. */
export function wchp(server: ServingHost): string {
  let out = '';
  for (const [path, watchers] of server.tree.watches.watchesByPath()) {
    out += `${path}\n`;
    for (const watcher of watchers) out += `\t${sessionOf(watcher)}\n`;
  }
  return `${out}\n`;
}
