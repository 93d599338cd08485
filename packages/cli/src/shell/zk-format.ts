import { type ACL, type Id, Perms, type Stat, ZooKeeperError } from '@zkts/client';

/** zkCli prints Stat fields in this order, zxids and the owner in hex (ZooKeeperMain's StatPrinter). */
export function formatStat(stat: Stat): string[] {
  return [
    `cZxid = 0x${stat.czxid.toString(16)}`,
    `ctime = ${javaDate(stat.ctime)}`,
    `mZxid = 0x${stat.mzxid.toString(16)}`,
    `mtime = ${javaDate(stat.mtime)}`,
    `pZxid = 0x${stat.pzxid.toString(16)}`,
    `cversion = ${stat.cversion}`,
    `dataVersion = ${stat.version}`,
    `aclVersion = ${stat.aversion}`,
    `ephemeralOwner = 0x${BigInt.asUintN(64, stat.ephemeralOwner).toString(16)}`,
    `dataLength = ${stat.dataLength}`,
    `numChildren = ${stat.numChildren}`,
  ];
}

/** A Stat as JSON (bigints as hex strings, times as ISO strings). */
export function statJson(stat: Stat): Record<string, string | number> {
  return {
    czxid: `0x${stat.czxid.toString(16)}`,
    mzxid: `0x${stat.mzxid.toString(16)}`,
    pzxid: `0x${stat.pzxid.toString(16)}`,
    ctime: new Date(stat.ctime).toISOString(),
    mtime: new Date(stat.mtime).toISOString(),
    cversion: stat.cversion,
    dataVersion: stat.version,
    aclVersion: stat.aversion,
    ephemeralOwner: `0x${BigInt.asUintN(64, stat.ephemeralOwner).toString(16)}`,
    dataLength: stat.dataLength,
    numChildren: stat.numChildren,
  };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** java.util.Date#toString in UTC: `Fri Dec 04 14:25:45 UTC 2026`. */
export function javaDate(millis: number): string {
  const d = new Date(millis);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
}

/** ZKUtil.getPermString: the letters in the order c, d, r, w, a. */
export function permString(perms: number): string {
  let out = '';
  if (perms & Perms.CREATE) out += 'c';
  if (perms & Perms.DELETE) out += 'd';
  if (perms & Perms.READ) out += 'r';
  if (perms & Perms.WRITE) out += 'w';
  if (perms & Perms.ADMIN) out += 'a';
  return out;
}

/** Jute's CSV escaping of a string field, as Id#toString prints it. */
function csvString(value: string): string {
  return `'${value.replace(/[\0\n\r,}%]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}`;
}

/** getAcl's two lines per entry: the Id record's text (`'world,'anyone`) and `: cdrwa`. */
export function formatAcl(acl: readonly ACL[]): string[] {
  return acl.flatMap((entry) => [
    `${csvString(entry.id.scheme)},${csvString(entry.id.id)}`,
    `: ${permString(entry.perms)}`,
  ]);
}

export function idText(id: Id): string {
  return `${id.scheme}:${id.id}`;
}

/** KeeperException.getCodeMessage. */
const CODE_MESSAGES = new Map<number, string>([
  [0, 'ok'],
  [-1, 'SystemError'],
  [-2, 'RuntimeInconsistency'],
  [-3, 'DataInconsistency'],
  [-4, 'ConnectionLoss'],
  [-5, 'MarshallingError'],
  [-6, 'Unimplemented'],
  [-7, 'OperationTimeout'],
  [-8, 'BadArguments'],
  [-12, 'Unknown session'],
  [-13, 'NewConfigNoQuorum'],
  [-14, 'ReconfigInProgress'],
  [-100, 'APIError'],
  [-101, 'NoNode'],
  [-102, 'NoAuth'],
  [-103, 'BadVersion'],
  [-108, 'NoChildrenForEphemerals'],
  [-110, 'NodeExists'],
  [-111, 'Directory not empty'],
  [-112, 'Session expired'],
  [-113, 'Invalid callback'],
  [-114, 'InvalidACL'],
  [-115, 'AuthFailed'],
  [-118, 'Session moved'],
  [-119, 'Not a read-only call'],
  [-120, 'Ephemeral node on local session'],
  [-121, 'No such watcher'],
  [-122, 'Request timeout'],
  [-123, 'Reconfig is disabled'],
  [-124, 'Session closed because client failed to authenticate'],
  [-125, 'Quota has exceeded'],
  [-127, 'Op throttled due to high load'],
]);

/** KeeperException#getMessage: `KeeperErrorCode = NoNode for /a`. */
export function keeperMessage(code: number, path: string | undefined): string {
  const text = CODE_MESSAGES.get(code) ?? `Unknown error ${code}`;
  return `KeeperErrorCode = ${text}${path === undefined ? '' : ` for ${path}`}`;
}

/** The one-line message zkCli's CliWrapperException prints for a KeeperException. */
export function cliErrorMessage(code: number, path: string | undefined): string {
  const p = path ?? 'null';
  switch (code) {
    case -101:
      return `Node does not exist: ${p}`;
    case -108:
      return `Ephemerals cannot have children: ${p}`;
    case -110:
      return `Node already exists: ${p}`;
    case -111:
      return `Node not empty: ${p}`;
    case -119:
      return `Not a read-only call: ${p}`;
    case -114:
      return `Acl is not valid : ${p}`;
    case -102:
      return `Insufficient permission : ${p}`;
    case -8:
      return `Arguments are not valid : ${p}`;
    case -103:
      return `version No is not valid : ${p}`;
    case -14:
      return 'Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)';
    default:
      return keeperMessage(code, path);
  }
}

export function isZooKeeperError(error: unknown): error is ZooKeeperError {
  return ZooKeeperError.isInstance(error);
}
