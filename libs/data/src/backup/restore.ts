import { chmod, link, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { SCHEMA_VERSION } from '../sqlite/sqlite.schema';
import { SQLITE_FILE_NAME } from '../sqlite/sqlite.store';
import { syncFile, unpackArchive } from './archive';
import { BackupError } from './backup-error';
import { BackupManifest, MANIFEST_NAME, parseManifest, verifyFiles } from './manifest';
import { checkCopy } from './sqlite-copy';
import { lockStore } from './store-lock';

export interface RestoreOptions {
  dataDir: string;
  archive: string;
  /** The product an archive must name (one of another program's is refused). */
  product: string;
  /** The JWT secret's file under the data directory (`jwt-secret`): moved aside and restored with the rest. */
  secretFile?: string;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the data that was there went (`DATA_DIR/before-restore-<time>`), or null when there was none. */
  movedAside: string | null;
}

/**
 * Restores an archive of `backupDataDir` into a data directory, with the system stopped: refuses
 * while anything has the store open (STORE_IN_USE), unpacks into a folder inside the data
 * directory, checks every file against the manifest and the database with integrity_check, and
 * only then moves the current store, files and secret to `before-restore-<time>/` and puts the
 * restored ones in their place. A failure before that last step leaves the data as it was.
 */
export async function restoreDataDir(options: RestoreOptions): Promise<RestoreResult> {
  const dataDir = resolve(options.dataDir);
  const archive = resolve(options.archive);
  const found = await stat(archive).catch(() => null);
  if (!found) throw new BackupError('BAD_PATH', `${archive} does not exist`);
  if (!found.isFile()) throw new BackupError('BAD_PATH', `${archive} is not a file`);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = lockStore(dataDir);
  const staging = await mkdtemp(join(dataDir, '.restore-'));
  try {
    const names = await unpackArchive(archive, staging);
    if (!names.includes(MANIFEST_NAME))
      throw new BackupError('BAD_ARCHIVE', `${archive} has no ${MANIFEST_NAME}`);
    const manifest = parseManifest(await readFile(join(staging, MANIFEST_NAME), 'utf8'));
    if (manifest.product !== options.product) {
      throw new BackupError(
        'BAD_ARCHIVE',
        `${archive} is a backup of ${manifest.product}, not of ${options.product}`,
      );
    }
    if (manifest.schemaVersion > SCHEMA_VERSION) {
      throw new BackupError(
        'NEWER_SCHEMA',
        `${archive} comes from version ${manifest.version} (schema ${manifest.schemaVersion}), newer than this one (schema ${SCHEMA_VERSION}): upgrade first, then restore`,
      );
    }
    await verifyFiles(staging, manifest, names);
    try {
      checkCopy(join(staging, SQLITE_FILE_NAME));
    } catch (err) {
      throw new BackupError(
        'CHECKSUM_MISMATCH',
        `${archive}: the database in it is not sound (${(err as Error).message})`,
      );
    }

    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const aside = join(dataDir, `before-restore-${stamp}`);
    const current = [SQLITE_FILE_NAME, `${SQLITE_FILE_NAME}-wal`, `${SQLITE_FILE_NAME}-shm`, 'files'];
    if (options.secretFile) current.push(options.secretFile);
    const moved = await moveAside(dataDir, aside, current);
    // Released before the restored files take their place: closing a connection removes the WAL
    // by its name, which must not be one of theirs. A start from now on finds either no store or
    // the restored one (placed with link, which fails rather than replace one that appeared).
    lock.release();
    try {
      await putInPlace(staging, dataDir, manifest);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      const code = err instanceof BackupError ? err.code : 'INCOMPLETE_RESTORE';
      throw new BackupError(code, moved ? `${text} The data from before the restore is in ${aside}.` : text);
    }
    await syncFile(dataDir);
    return { manifest, movedAside: moved ? aside : null };
  } finally {
    lock.release();
    // tar rejects a damaged archive while it may still be writing an entry into the staging
    // directory: retry the removal, and never let a failed clean-up hide the error in flight.
    await rm(staging, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 }).catch(
      () => undefined,
    );
  }
}

/** Moves those of `names` that exist into `aside`; whether there was any. */
async function moveAside(dataDir: string, aside: string, names: string[]): Promise<boolean> {
  const present = new Set(await readdir(dataDir));
  const moving = names.filter((name) => present.has(name));
  if (moving.length === 0) return false;
  await mkdir(aside, { mode: 0o700 });
  for (const name of moving) await rename(join(dataDir, name), join(aside, name));
  return true;
}

async function putInPlace(staging: string, dataDir: string, manifest: BackupManifest): Promise<void> {
  const blobs = join(staging, 'files');
  await mkdir(blobs, { recursive: true, mode: 0o700 });
  for (const entry of manifest.files) await chmod(join(staging, entry.path), 0o600);
  for (const entry of manifest.files.filter((f) => !f.path.startsWith('files/'))) {
    await placeFile(join(staging, entry.path), join(dataDir, entry.path));
  }
  await chmod(blobs, 0o700);
  try {
    await rename(blobs, join(dataDir, 'files'));
  } catch (err) {
    throw startedMeanwhile(dataDir, err);
  }
}

/** link + unlink: unlike rename, fails if a process created the file since the old one was moved aside. */
async function placeFile(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (err) {
    throw startedMeanwhile(to, err);
  }
  await unlink(from);
}

function startedMeanwhile(path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'EEXIST' && code !== 'ENOTEMPTY') return err as Error;
  return new BackupError(
    'STORE_IN_USE',
    `${path} appeared during the restore: was the system started? Stop it, then restore again.`,
  );
}
