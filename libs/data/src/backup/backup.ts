import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import Database from 'better-sqlite3';

import { SQLITE_FILE_NAME } from '../sqlite/sqlite.store';
import { ArchiveEntry, packArchive } from './archive';
import { BackupError } from './backup-error';
import { BACKUP_FORMAT, BackupManifest, describeFile, MANIFEST_NAME, ManifestEntry } from './manifest';
import { checkCopy, copyDatabase } from './sqlite-copy';

export interface BackupOptions {
  /** The system's DATA_DIR. */
  dataDir: string;
  /** The archive to write (`.tar.gz` or `.tgz`); replaced only once the new one is whole. */
  target: string;
  /** Named in the manifest: what wrote the archive. */
  product: string;
  version: string;
  /** The JWT secret's file under the data directory, packed when it is there (`jwt-secret`). */
  secretFile?: string;
}

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
  /** The archive's size. */
  bytes: number;
  /** Files the store names that were not in `files/` (gone before the backup, or deleted during it). */
  missingBlobs: string[];
  /** How long the database copy took, and the whole backup. */
  copyMs: number;
  totalMs: number;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const ARCHIVE_NAME = /\.(tar\.gz|tgz)$/;

/**
 * Backs up a data directory while the system runs: a consistent copy of the SQLite store (its
 * online backup), checked with integrity_check, the file blobs, the JWT secret when it is kept
 * there, and a manifest with every file's SHA-256, packed into one gzipped tar (mode 0600).
 *
 * The database is copied first, then the blobs listed: a blob is stored before the message that
 * names it, so every file the copy names is there (a file deleted in between is reported).
 */
export async function backupDataDir(options: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const dataDir = resolve(options.dataDir);
  const target = resolve(options.target);
  await checkTarget(target);
  const storeFile = join(dataDir, SQLITE_FILE_NAME);
  if (!existsSync(storeFile)) {
    throw new BackupError(
      'NO_STORE',
      `There is no store at ${storeFile} (DATA_DIR=${dataDir}): nothing to back up.`,
    );
  }
  const staging = await mkdtemp(join(dirname(target), '.backup-'));
  try {
    const copy = join(staging, SQLITE_FILE_NAME);
    const copyStarted = performance.now();
    await copyStore(storeFile, copy);
    const copyMs = performance.now() - copyStarted;
    let facts: ReturnType<typeof checkCopy>;
    try {
      facts = checkCopy(copy);
    } catch (err) {
      throw new BackupError(
        'DAMAGED_STORE',
        `The copy of ${storeFile} is not sound (${(err as Error).message}): the store itself may be damaged; no archive was written.`,
      );
    }

    const entries: ArchiveEntry[] = [{ source: copy, name: SQLITE_FILE_NAME }];
    const described: ManifestEntry[] = [await describeFile(copy, SQLITE_FILE_NAME)];
    if (options.secretFile) {
      const secret = join(dataDir, options.secretFile);
      if (existsSync(secret)) {
        entries.push({ source: secret, name: options.secretFile });
        described.push(await describeFile(secret, options.secretFile));
      }
    }
    const blobs = await listBlobs(join(dataDir, 'files'));
    for (const name of blobs) {
      const source = join(dataDir, 'files', name);
      const entry = await describeFile(source, `files/${name}`).catch((err: NodeJS.ErrnoException) => {
        // Deleted since it was listed (a user's snapshot): it is no longer part of the system.
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (!entry) continue;
      entries.push({ source, name: entry.path });
      described.push(entry);
    }
    const packed = new Set(blobs);
    const missingBlobs = [...facts.blobs].filter((sha) => !packed.has(sha)).sort();

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      product: options.product,
      version: options.version,
      store: 'sqlite',
      schemaVersion: facts.schemaVersion,
      createdAt: new Date().toISOString(),
      counts: facts.counts,
      files: described,
    };
    const manifestFile = join(staging, MANIFEST_NAME);
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await packArchive(target, [{ source: manifestFile, name: MANIFEST_NAME }, ...entries]);
    const { size } = await stat(target);
    return {
      file: target,
      manifest,
      bytes: size,
      missingBlobs,
      copyMs,
      totalMs: performance.now() - started,
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function checkTarget(target: string): Promise<void> {
  if (!ARCHIVE_NAME.test(basename(target))) {
    throw new BackupError('BAD_PATH', `${target}: name the archive *.tar.gz or *.tgz (it is a gzipped tar)`);
  }
  const dir = await stat(dirname(target)).catch(() => null);
  if (!dir?.isDirectory())
    throw new BackupError('BAD_PATH', `${dirname(target)} is not a directory: create it first`);
  const existing = await stat(target).catch(() => null);
  if (existing && !existing.isFile()) throw new BackupError('BAD_PATH', `${target} exists and is not a file`);
}

/** The online backup into `copy` (created 0600 first: it holds every password hash). */
async function copyStore(storeFile: string, copy: string): Promise<void> {
  closeSync(openSync(copy, 'wx', 0o600));
  let source: Database.Database | undefined;
  try {
    // Read-write, as the system's own connections: a read-only one could not use the WAL's
    // shared memory when no other process has created it.
    source = new Database(storeFile, { fileMustExist: true, timeout: 5000 });
    await copyDatabase(source, copy);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError('DAMAGED_STORE', `Cannot copy ${storeFile}: ${(err as Error).message}`);
  } finally {
    source?.close();
  }
}

async function listBlobs(root: string): Promise<string[]> {
  const names = await readdir(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  // tmp/ holds uploads under way: not files of the system yet.
  return names.filter((name) => SHA256_HEX.test(name)).sort();
}
