// The few file-system operations the file backend needs. The real implementation is
// `nodeDisk` (node:fs); `SimulatedDisk` keeps files in memory, tracks what is durable and
// injects faults. Tests can wrap either to count or delay operations.

export interface DiskFile {
  readonly path: string;
  /** Current size in bytes. */
  size(): Promise<number>;
  /** Reads up to `length` bytes at `position` into `into` (from offset 0); returns the count read (0 at EOF). */
  read(into: Uint8Array, length: number, position: number): Promise<number>;
  /** Writes all `chunks` back to back starting at `position`; rejects unless every byte was written. The caller reuses `chunks` once this resolved: keep no reference to them. */
  write(chunks: readonly Uint8Array[], position: number): Promise<void>;
  /** Sets the size; growing fills with zeros. */
  truncate(length: number): Promise<void>;
  /** fdatasync: makes written data (and the size) durable. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export type OpenMode =
  /** Read only; the file must exist. */
  | 'read'
  /** Read and write; the file must exist. */
  | 'update'
  /** Read and write; created empty, or emptied if it exists. */
  | 'replace';

export interface Disk {
  /** Creates the directory and missing parents; fine if it exists. */
  mkdirp(dir: string): Promise<void>;
  /** Names (not paths) of the directory's entries; [] if the directory does not exist. */
  list(dir: string): Promise<string[]>;
  open(path: string, mode: OpenMode): Promise<DiskFile>;
  /** Atomically replaces `to` with `from`. */
  rename(from: string, to: string): Promise<void>;
  /** Deletes a file; fine if it does not exist. */
  remove(path: string): Promise<void>;
  /** Makes creations, renames and removals in the directory durable. */
  syncDir(dir: string): Promise<void>;
  /** Whole-file read for small files; undefined if missing. */
  readFile(path: string): Promise<Uint8Array | undefined>;
}
