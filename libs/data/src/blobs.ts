import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, ReadStream } from 'node:fs';
import {
  access,
  chmod,
  FileHandle,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  stat,
  statfs,
  unlink,
  utimes,
} from 'node:fs/promises';
import { join } from 'node:path';

import { ChatError } from '@chat/protocol';

/** A file being received: bytes go to a temporary file while its SHA-256 is computed. */
export interface TempBlob {
  readonly path: string;
  /** Appends bytes. Writes are applied in call order even if the caller does not await each one. */
  write(chunk: Buffer): Promise<void>;
  /** Flushes the bytes to disk and closes the file; the temp file stays until commit or abort. */
  finish(): Promise<{ size: number; sha256: string }>;
  /** Drops the temp file. Safe to call at any time, and more than once. */
  abort(): Promise<void>;
}

export interface BlobStoreOptions {
  /**
   * Another process's temp folder whose lease is older than this is removed (at start and every
   * `staleTempMs / 4`): that process is gone. A live one renews its lease every `staleTempMs / 4`.
   */
  staleTempMs?: number;
}

/** Space on the file system that holds the blobs (and, beside them, the database). */
export interface DiskSpace {
  path: string;
  /** Bytes this process may still write. */
  freeBytes: number;
  totalBytes: number;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const DEFAULT_STALE_TEMP_MS = 60_000;
/** Files and folders under the data directory are their owner's alone (they are other people's files). */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/**
 * File bytes under `<dataDir>/files`, each stored once, named by its SHA-256.
 *
 * Bytes being received go to temp files in `files/tmp/<process>/`, a folder of this process's
 * own: the edge and the admin API share the directory, and each removes what the other left when
 * it died (its folder's lease, the folder's mtime, is renewed while it lives) without touching
 * what the other is writing.
 */
export class BlobStore {
  public readonly root: string;
  /** Where this process writes its temp files (and ffmpeg its output). */
  public readonly tempDir: string;
  private readonly tempRoot: string;
  /** SHA-256 of each temp file this store has finished, so that commit can check its name. */
  private readonly finished = new Map<string, string>();
  private leaseTimer?: NodeJS.Timeout;

  private constructor(
    dataDir: string,
    private readonly staleTempMs: number,
  ) {
    this.root = join(dataDir, 'files');
    this.tempRoot = join(this.root, 'tmp');
    this.tempDir = join(this.tempRoot, `${process.pid}-${randomBytes(6).toString('hex')}`);
  }

  /**
   * Creates the directories, removes the temp files of processes that are gone (a crash, a full
   * disk), keeps every blob to its owner (0600), and renews this process's lease from now on.
   */
  public static async open(dataDir: string, options: BlobStoreOptions = {}): Promise<BlobStore> {
    const store = new BlobStore(dataDir, options.staleTempMs ?? DEFAULT_STALE_TEMP_MS);
    await mkdir(store.tempDir, { recursive: true, mode: DIR_MODE });
    await store.restrictModes();
    await store.removeStaleTemps();
    store.leaseTimer = setInterval(() => void store.renewLease(), store.staleTempMs / 4);
    store.leaseTimer.unref();
    return store;
  }

  /** Stops renewing the lease and removes this process's temp folder (at shutdown). */
  public async close(): Promise<void> {
    clearInterval(this.leaseTimer);
    this.leaseTimer = undefined;
    await rm(this.tempDir, { recursive: true, force: true });
  }

  /** Free and total space where the blobs are, for health checks. */
  public async diskSpace(): Promise<DiskSpace> {
    const fs = await statfs(this.root);
    return { path: this.root, freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
  }

  public async createTemp(): Promise<TempBlob> {
    const path = join(this.tempDir, randomUUID());
    // 'wx': a fresh file, never someone else's.
    const handle = await open(path, 'wx', FILE_MODE).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      // The folder was removed under this process (a clean-up by hand): it is made again.
      await mkdir(this.tempDir, { recursive: true, mode: DIR_MODE });
      return open(path, 'wx', FILE_MODE);
    });
    return new TempFile(
      path,
      handle,
      (sha256) => this.finished.set(path, sha256),
      () => this.finished.delete(path),
    );
  }

  /**
   * Moves a finished temp file to its content address. When that content is already stored the
   * temp file is dropped instead: same name, same bytes. Throws CHECKSUM_MISMATCH when `sha256` is
   * not what `finish()` computed, so that a client's claim can never name the stored bytes.
   */
  public async commit(tempPath: string, sha256: string): Promise<string> {
    const hash = sha256.toLowerCase();
    const computed = this.finished.get(tempPath);
    if (computed === undefined) throw new Error(`Not a finished temp file of this store: ${tempPath}`);
    if (computed !== hash) throw new ChatError('CHECKSUM_MISMATCH');
    const target = this.path(hash);
    if (await this.exists(hash)) {
      await unlink(tempPath);
    } else {
      await rename(tempPath, target);
      await syncDirectory(this.root);
    }
    this.finished.delete(tempPath);
    return target;
  }

  /** Stores bytes made here (a processed picture): written, synced and committed like an upload. */
  public async put(bytes: Buffer): Promise<{ size: number; sha256: string }> {
    const temp = await this.createTemp();
    try {
      await temp.write(bytes);
      const blob = await temp.finish();
      await this.commit(temp.path, blob.sha256);
      return blob;
    } catch (err) {
      await temp.abort();
      throw err;
    }
  }

  /**
   * Stores a file written by another program inside `tempDir` (ffmpeg's output): hashed, synced and
   * moved to its content address, without copying its bytes. The file is gone afterwards either way.
   */
  public async adopt(path: string): Promise<{ size: number; sha256: string }> {
    try {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
      }
      const file = await open(path, 'r+');
      try {
        // ffmpeg created it with the process's umask.
        await file.chmod(FILE_MODE);
        await file.datasync();
      } finally {
        await file.close();
      }
      const sha256 = hash.digest('hex');
      this.finished.set(path, sha256);
      await this.commit(path, sha256);
      return { size, sha256 };
    } finally {
      this.finished.delete(path);
      await rm(path, { force: true });
    }
  }

  public path(sha256: string): string {
    return join(this.root, checkedHash(sha256));
  }

  public async exists(sha256: string): Promise<boolean> {
    try {
      await access(this.path(sha256));
      return true;
    } catch {
      return false;
    }
  }

  /** Removes a stored blob (no file record has its content any more); a missing one is no error. */
  public async remove(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }

  /** Reads a stored blob from `offset`, in pieces of at most `chunkSize` bytes when given. */
  public openRead(sha256: string, offset = 0, chunkSize?: number): ReadStream {
    return createReadStream(this.path(sha256), { start: offset, highWaterMark: chunkSize });
  }

  /**
   * Removes the temp folders (and stray files) of other processes whose lease has lapsed: they
   * are gone, and what they were receiving will never be finished.
   */
  private async removeStaleTemps(): Promise<void> {
    const cutoff = Date.now() - this.staleTempMs;
    for (const name of await readdir(this.tempRoot)) {
      const path = join(this.tempRoot, name);
      if (path === this.tempDir) continue;
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < cutoff) await rm(path, { force: true, recursive: true });
    }
  }

  private async renewLease(): Promise<void> {
    const now = new Date();
    // Gone (removed by hand, or the data directory in tests): createTemp makes it again when needed.
    await utimes(this.tempDir, now, now).catch(() => undefined);
    // Unreadable for now: the next turn tries again.
    await this.removeStaleTemps().catch(() => undefined);
  }

  /** Blobs written before files were created 0600, and the folders, made their owner's only. */
  private async restrictModes(): Promise<void> {
    await Promise.all([this.root, this.tempRoot, this.tempDir].map((dir) => chmodOwn(dir, DIR_MODE)));
    const names = (await readdir(this.root)).filter((name) => SHA256_HEX.test(name));
    // A few at a time: a store may hold hundreds of thousands of files.
    for (let i = 0; i < names.length; i += 64) {
      await Promise.all(
        names.slice(i, i + 64).map(async (name) => {
          const path = join(this.root, name);
          const info = await stat(path).catch(() => null);
          if (info && (info.mode & 0o077) !== 0) await chmodOwn(path, FILE_MODE);
        }),
      );
    }
  }
}

/** chmod, leaving alone what is gone or not this user's to change. */
async function chmodOwn(path: string, mode: number): Promise<void> {
  try {
    await chmod(path, mode);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw err;
  }
}

/** A temp file being written: writes are chained so that they land in order. */
class TempFile implements TempBlob {
  private readonly hash = createHash('sha256');
  private size = 0;
  private pending: Promise<void> = Promise.resolve();
  private state: 'open' | 'finished' | 'aborted' = 'open';
  /** A failed write poisons the file: its hash already counts bytes that never reached the disk. */
  private writeError: unknown = null;

  constructor(
    public readonly path: string,
    private readonly handle: FileHandle,
    private readonly onFinished: (sha256: string) => void,
    private readonly onAborted: () => void,
  ) {}

  public write(chunk: Buffer): Promise<void> {
    if (this.state !== 'open') return Promise.reject(new Error(`Temp blob is ${this.state}`));
    // Hash and count now, in call order; the bytes follow the writes already queued.
    this.hash.update(chunk);
    this.size += chunk.length;
    const written = this.pending.then(() => this.writeAll(chunk));
    this.pending = written.catch((err: unknown) => {
      this.writeError ??= err;
    });
    return written;
  }

  public async finish(): Promise<{ size: number; sha256: string }> {
    if (this.state !== 'open') throw new Error(`Temp blob is ${this.state}`);
    this.state = 'finished';
    await this.pending;
    try {
      if (this.writeError !== null) throw this.writeError;
      // The message that carries the file is durable once acknowledged; so must its bytes be.
      await this.handle.datasync();
    } finally {
      await this.handle.close();
    }
    const sha256 = this.hash.digest('hex');
    this.onFinished(sha256);
    return { size: this.size, sha256 };
  }

  public async abort(): Promise<void> {
    const wasOpen = this.state === 'open';
    this.state = 'aborted';
    this.onAborted();
    if (wasOpen) {
      await this.pending;
      await this.handle.close().catch(() => undefined);
    }
    await rm(this.path, { force: true });
  }

  private async writeAll(chunk: Buffer): Promise<void> {
    let done = 0;
    while (done < chunk.length) {
      const { bytesWritten } = await this.handle.write(chunk, done, chunk.length - done);
      done += bytesWritten;
    }
  }
}

function checkedHash(sha256: string): string {
  const hash = sha256.toLowerCase();
  // The name becomes a path: anything but 64 hex digits could climb out of the directory.
  if (!SHA256_HEX.test(hash)) throw new ChatError('NO_SUCH_FILE', 'Not a SHA-256');
  return hash;
}

/** Makes a rename survive a power cut; some platforms cannot fsync a directory, which is harmless. */
async function syncDirectory(path: string): Promise<void> {
  const dir = await open(path, 'r').catch(() => null);
  if (!dir) return;
  try {
    await dir.sync();
  } catch {
    // EISDIR/EINVAL on platforms without directory fsync.
  } finally {
    await dir.close();
  }
}
