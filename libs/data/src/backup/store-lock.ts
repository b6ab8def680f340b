import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { SQLITE_FILE_NAME } from '../sqlite/sqlite.store';
import { BackupError } from './backup-error';

/** A hold on the data directory that nothing else of the system is using; released once. */
export interface StoreLock {
  release(): void;
}

/** As BlobStore's: a live process renews its temp folder's lease every 15 s; one older than this is gone. */
const LEASE_MS = 60_000;

/**
 * Takes the store for this process alone, or STORE_IN_USE when the system (edge, api, a backup)
 * has it open. Two signs, each held by the kernel or renewed while a process lives, so neither goes
 * stale after a crash or kill -9 the way a pid file does:
 *
 * - SQLite's own locks: every open connection to a WAL database holds a shared lock on it (its
 *   -shm), so an EXCLUSIVE lock is refused while any process has chat.db open, even idle, and the
 *   kernel drops those locks when a process dies. The lock is then held until `release`, so that a
 *   start during a restore waits, then fails, instead of opening files being replaced.
 * - the blob store's leases (`files/tmp/<pid>-*`, renewed every 15 s): for a chat.db too damaged
 *   for SQLite to lock, or none at all, a process whose lease is fresh and whose pid lives is running.
 */
export function lockStore(dataDir: string): StoreLock {
  const file = join(dataDir, SQLITE_FILE_NAME);
  let db: Database.Database | undefined;
  if (existsSync(file)) {
    try {
      db = new Database(file, { fileMustExist: true, timeout: 0 });
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
      db.exec('COMMIT');
    } catch (err) {
      db?.close();
      db = undefined;
      const code = (err as { code?: string }).code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
        throw new BackupError(
          'STORE_IN_USE',
          `${file} is in use: the system (edge or api) or a backup is running on ${dataDir}. Stop it first (Ctrl-C in npm start's terminal, or SIGTERM to both services).`,
        );
      }
      // Damaged past locking: the leases below still tell whether a process is running on it.
    }
  }
  try {
    assertNoLiveLease(dataDir);
  } catch (err) {
    db?.close();
    throw err;
  }
  return {
    release: () => {
      if (db?.open) db.close();
    },
  };
}

function assertNoLiveLease(dataDir: string): void {
  const root = join(dataDir, 'files', 'tmp');
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    const info = statOrNull(join(root, name));
    if (info && Date.now() - info.mtimeMs < LEASE_MS && alive(pid)) {
      throw new BackupError(
        'STORE_IN_USE',
        `process ${pid} is running on ${dataDir} (its temp folder files/tmp/${name} is in use): stop the system first`,
      );
    }
  }
}

function statOrNull(path: string): { mtimeMs: number } | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Whether a process with this pid exists (EPERM: it does, as another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
