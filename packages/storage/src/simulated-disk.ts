// An in-memory file system that remembers what is durable, for crash and disk-fault simulation.
// Written data and directory changes are volatile until sync()/syncDir(); crash() throws away a
// random part of what was volatile, the way a power cut does. Every random choice comes from the
// injected source, so a seed replays a run exactly.
import { dirname } from 'node:path';
import type { Disk, DiskFile, OpenMode } from './disk';

/** Named fault injection points. Rates are per eligible operation, in [0, 1]. */
export type FaultPoint =
  /** sync()/syncDir() fails with EIO; the unsynced data it covered will never become durable. */
  | 'fsync-error'
  /** write() or a growing truncate() fails with ENOSPC, writing nothing. */
  | 'disk-full'
  /** At crash, a file loses all its unsynced writes (otherwise a random prefix of them survives). */
  | 'crash-lose-unsynced'
  /** At crash, the first lost write is torn instead: part of it lands, followed by garbage. */
  | 'crash-torn-write';

export interface SimulatedDiskOptions {
  /** Uniform in [0, 1). Use a seeded generator (see `seededRandom`) for replayable runs. */
  readonly random: () => number;
  readonly faultRates?: Partial<Record<FaultPoint, number>> | undefined;
}

type DataOp = { kind: 'write'; position: number; bytes: Uint8Array } | { kind: 'truncate'; length: number };
type DirOp = { kind: 'link'; path: string; inode: Inode } | { kind: 'unlink'; path: string };

/** A byte array that grows in place, so simulated writes cost what they write, not the file size. */
class Bytes {
  private buffer = new Uint8Array(0);
  length = 0;

  static of(content: Uint8Array): Bytes {
    const bytes = new Bytes();
    bytes.write(0, content);
    return bytes;
  }

  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  clone(): Bytes {
    return Bytes.of(this.view());
  }

  apply(op: DataOp): void {
    if (op.kind === 'truncate') this.resize(op.length);
    else this.write(op.position, op.bytes);
  }

  write(position: number, bytes: Uint8Array): void {
    const end = position + bytes.byteLength;
    if (end > this.length) this.resize(end);
    this.buffer.set(bytes, position);
  }

  resize(length: number): void {
    if (length > this.buffer.byteLength) {
      const grown = new Uint8Array(Math.max(length, this.buffer.byteLength * 2));
      grown.set(this.view());
      this.buffer = grown;
    } else if (length < this.length) {
      this.buffer.fill(0, length, this.length);
    }
    this.length = length;
  }
}

class Inode {
  content = new Bytes();
  durable = new Bytes();
  /** Data operations since the last successful sync, in order. */
  unsynced: DataOp[] = [];
}

export class SimulatedDisk implements Disk {
  private readonly namespace = new Map<string, Inode>();
  private durableNamespace = new Map<string, Inode>();
  private dirOps: DirOp[] = [];
  private readonly dirs = new Set<string>(['/']);
  private generation = 0;
  private readonly forced = new Map<FaultPoint, number>();
  private full = false;
  /** How many times each fault fired (for assertions and logs). */
  readonly fired: Record<FaultPoint, number> = {
    'fsync-error': 0,
    'disk-full': 0,
    'crash-lose-unsynced': 0,
    'crash-torn-write': 0,
  };
  /** Successful sync() and syncDir() calls. */
  syncCount = 0;

  constructor(private readonly options: SimulatedDiskOptions) {}

  /** Makes the next `times` eligible operations hit `point`, regardless of rates. */
  failNext(point: FaultPoint, times = 1): void {
    this.forced.set(point, (this.forced.get(point) ?? 0) + times);
  }

  /** While full, every write and growing truncate fails with ENOSPC. */
  setFull(full: boolean): void {
    this.full = full;
  }

  /**
   * Power loss: every open file handle dies; each file keeps its durable bytes plus a random
   * prefix of its unsynced writes (maybe torn); directory changes since the last syncDir survive
   * only as a random prefix.
   */
  crash(): void {
    this.generation++;
    const keptDirOps = this.dirOps.slice(0, this.pick(this.dirOps.length + 1));
    for (const op of keptDirOps) applyDirOp(this.durableNamespace, op);
    this.dirOps = [];
    for (const inode of new Set(this.durableNamespace.values())) {
      const content = inode.durable.clone();
      const ops = inode.unsynced;
      let kept = this.pick(ops.length + 1);
      if (ops.length > 0 && this.roll('crash-lose-unsynced')) kept = 0;
      for (const op of ops.slice(0, kept)) content.apply(op);
      const next = ops[kept];
      if (next?.kind === 'write' && this.roll('crash-torn-write')) {
        const landed = this.pick(next.bytes.byteLength);
        const torn = new Uint8Array(next.bytes.byteLength);
        torn.set(next.bytes.subarray(0, landed));
        for (let i = landed; i < torn.byteLength; i++) torn[i] = this.pick(256);
        const garbageLength = landed + this.pick(torn.byteLength - landed + 1);
        content.write(next.position, torn.subarray(0, garbageLength));
      }
      inode.content = content;
      inode.durable = content.clone();
      inode.unsynced = [];
    }
    this.namespace.clear();
    for (const [path, inode] of this.durableNamespace) this.namespace.set(path, inode);
  }

  /**
   * A view of this disk for one process lifetime: every operation through it fails once the disk
   * has crashed, as a dead process can do nothing more. Give each (re)opened storage its own.
   */
  forProcess(): Disk {
    const born = this.generation;
    const alive = <T>(operation: () => Promise<T>): Promise<T> => {
      try {
        this.checkAlive(born, 'process');
      } catch (error) {
        return Promise.reject(error);
      }
      return operation();
    };
    return {
      mkdirp: (dir) => alive(() => this.mkdirp(dir)),
      list: (dir) => alive(() => this.list(dir)),
      open: (path, mode) => alive(() => this.open(path, mode)),
      rename: (from, to) => alive(() => this.rename(from, to)),
      remove: (path) => alive(() => this.remove(path)),
      syncDir: (dir) => alive(() => this.syncDir(dir)),
      readFile: (path) => alive(() => this.readFile(path)),
    };
  }

  /** The current bytes of a file (what a reader sees now), for tests. */
  contentOf(path: string): Uint8Array | undefined {
    return this.namespace.get(path)?.content.view().slice();
  }

  /** Replaces a file's bytes durably, for tests that damage files on purpose. */
  overwrite(path: string, content: Uint8Array): void {
    let inode = this.namespace.get(path);
    if (inode === undefined) {
      inode = new Inode();
      this.namespace.set(path, inode);
      this.durableNamespace.set(path, inode);
    }
    inode.content = Bytes.of(content);
    inode.durable = Bytes.of(content);
    inode.unsynced = [];
  }

  async mkdirp(dir: string): Promise<void> {
    for (let d = dir; !this.dirs.has(d); d = dirname(d)) this.dirs.add(d);
  }

  async list(dir: string): Promise<string[]> {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const names: string[] = [];
    for (const path of this.namespace.keys()) {
      if (path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
        names.push(path.slice(prefix.length));
    }
    return names.sort();
  }

  async open(path: string, mode: OpenMode): Promise<DiskFile> {
    let inode = this.namespace.get(path);
    if (inode === undefined) {
      if (mode !== 'replace') throw errnoError('ENOENT', `no such file: ${path}`);
      if (!this.dirs.has(dirname(path))) throw errnoError('ENOENT', `no such directory: ${dirname(path)}`);
      inode = new Inode();
      this.linkVolatile(path, inode);
    } else if (mode === 'replace') {
      this.dataOp(inode, { kind: 'truncate', length: 0 });
    }
    return new SimulatedFile(this, path, inode, this.generation);
  }

  async rename(from: string, to: string): Promise<void> {
    const inode = this.namespace.get(from);
    if (inode === undefined) throw errnoError('ENOENT', `no such file: ${from}`);
    this.namespace.delete(from);
    this.dirOps.push({ kind: 'unlink', path: from });
    this.linkVolatile(to, inode);
  }

  async remove(path: string): Promise<void> {
    if (!this.namespace.delete(path)) return;
    this.dirOps.push({ kind: 'unlink', path });
  }

  async syncDir(dir: string): Promise<void> {
    if (this.roll('fsync-error')) throw errnoError('EIO', `fsync of directory ${dir} failed (simulated)`);
    // Directory operations are kept in order; make durable every one up to the last that touched `dir`.
    let last = -1;
    this.dirOps.forEach((op, index) => {
      if (dirname(op.path) === dir) last = index;
    });
    for (const op of this.dirOps.slice(0, last + 1)) applyDirOp(this.durableNamespace, op);
    this.dirOps = this.dirOps.slice(last + 1);
    this.syncCount++;
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    return this.namespace.get(path)?.content.view().slice();
  }

  // ---- used by SimulatedFile ----

  checkAlive(generation: number, path: string): void {
    if (generation !== this.generation) throw errnoError('EIO', `${path}: gone in a simulated crash`);
  }

  dataOp(inode: Inode, op: DataOp): void {
    const grows = op.kind === 'truncate' ? op.length > inode.content.length : true;
    if (grows && (this.full || this.roll('disk-full'))) {
      throw errnoError('ENOSPC', 'no space left on device (simulated)');
    }
    inode.content.apply(op);
    inode.unsynced.push(op);
  }

  sync(inode: Inode, path: string): void {
    if (this.roll('fsync-error')) {
      // Like Linux after a failed fsync: the dirty data is dropped from the durability path and a
      // later fsync would not bring it back. Only a crash-and-reopen tells what survived.
      inode.unsynced = [];
      throw errnoError('EIO', `fsync of ${path} failed (simulated)`);
    }
    for (const op of inode.unsynced) inode.durable.apply(op);
    inode.unsynced = [];
    this.syncCount++;
  }

  private linkVolatile(path: string, inode: Inode): void {
    this.namespace.set(path, inode);
    this.dirOps.push({ kind: 'link', path, inode });
  }

  private roll(point: FaultPoint): boolean {
    const forced = this.forced.get(point) ?? 0;
    let hit = forced > 0;
    if (hit) this.forced.set(point, forced - 1);
    else {
      const rate = this.options.faultRates?.[point] ?? 0;
      hit = rate > 0 && this.options.random() < rate;
    }
    if (hit) this.fired[point]++;
    return hit;
  }

  /** A uniform integer in [0, n). */
  private pick(n: number): number {
    return n <= 1 ? 0 : Math.min(n - 1, Math.floor(this.options.random() * n));
  }
}

class SimulatedFile implements DiskFile {
  constructor(
    private readonly disk: SimulatedDisk,
    readonly path: string,
    private readonly inode: Inode,
    private readonly generation: number,
  ) {}

  async size(): Promise<number> {
    this.disk.checkAlive(this.generation, this.path);
    return this.inode.content.length;
  }

  async read(into: Uint8Array, length: number, position: number): Promise<number> {
    this.disk.checkAlive(this.generation, this.path);
    const available = this.inode.content.view().subarray(position, position + length);
    into.set(available);
    return available.byteLength;
  }

  async write(chunks: readonly Uint8Array[], position: number): Promise<void> {
    this.disk.checkAlive(this.generation, this.path);
    let total = 0;
    for (const chunk of chunks) total += chunk.byteLength;
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    this.disk.dataOp(this.inode, { kind: 'write', position, bytes });
  }

  async truncate(length: number): Promise<void> {
    this.disk.checkAlive(this.generation, this.path);
    this.disk.dataOp(this.inode, { kind: 'truncate', length });
  }

  async sync(): Promise<void> {
    this.disk.checkAlive(this.generation, this.path);
    this.disk.sync(this.inode, this.path);
  }

  async close(): Promise<void> {}
}

function applyDirOp(namespace: Map<string, Inode>, op: DirOp): void {
  if (op.kind === 'link') namespace.set(op.path, op.inode);
  else namespace.delete(op.path);
}

function errnoError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** A small seeded PRNG (mulberry32) for simulations and tests: same seed, same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
