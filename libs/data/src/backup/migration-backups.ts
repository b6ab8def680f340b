import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { Database } from 'better-sqlite3';

/** The folder under DATA_DIR that keeps a copy of the store from before each schema upgrade. */
export const MIGRATION_BACKUPS_DIR = 'backups';
/** How many of those copies are kept, newest first (each is a whole database). */
export const MIGRATION_BACKUPS_KEPT = 5;

const COPY_NAME = /^chat-schema\d+-[0-9TZ-]+\.db$/;

/**
 * Copies the store, as it is before an upgrade changes it, to `dir/chat-schema<version>-<time>.db`
 * with `VACUUM INTO` (one consistent, compacted file; readers and the other process go on), then
 * removes all but the newest MIGRATION_BACKUPS_KEPT such copies. Written under a temporary name and
 * renamed, so a copy that is there is whole. Must run outside a transaction (VACUUM's rule).
 */
export function backupBeforeMigration(db: Database, dir: string, fromVersion: number): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(dir, `chat-schema${fromVersion}-${stamp}.db`);
  const temp = join(dir, `.${process.pid}-${stamp}.tmp`);
  // VACUUM INTO takes an empty file as a new one: created 0600 first, as the store itself is.
  closeSync(openSync(temp, 'wx', 0o600));
  try {
    db.prepare('VACUUM INTO ?').run(temp);
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  pruneMigrationBackups(dir);
  return file;
}

/** Keeps the newest MIGRATION_BACKUPS_KEPT copies; other files in the folder (an operator's) stay. */
export function pruneMigrationBackups(dir: string): void {
  const copies = readdirSync(dir)
    .filter((name) => COPY_NAME.test(name))
    .map((name) => ({ name, mtimeMs: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs || b.name.localeCompare(a.name));
  for (const old of copies.slice(MIGRATION_BACKUPS_KEPT)) rmSync(join(dir, old.name), { force: true });
}
