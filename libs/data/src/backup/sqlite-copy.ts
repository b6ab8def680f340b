import Database from 'better-sqlite3';

import type { BackupManifest } from './manifest';

/** Pages per step: every page at once (see `copyDatabase`). */
const ALL_PAGES = 0x7fffffff;

/**
 * SQLite's online backup of the open store into `target`, as one consistent snapshot. It runs in
 * one step, a single read transaction: in WAL mode the system goes on writing meanwhile, and
 * small steps would not help it, since the backup starts over whenever another process (the edge)
 * writes between two steps, which under load is always. It blocks this process only, not the
 * system: the backup command runs on its own.
 */
export async function copyDatabase(source: Database.Database, target: string): Promise<void> {
  await source.backup(target, { progress: () => ALL_PAGES });
}

/** What `checkCopy` found in a copy of the store. */
export interface CopyFacts {
  schemaVersion: number;
  counts: BackupManifest['counts'];
  /** SHA-256 of every file the store references (its `files` rows). */
  blobs: Set<string>;
}

/**
 * Opens a copy (a backup's, or one about to be restored), makes it a single file (journal mode
 * DELETE: the system sets WAL again when it opens it), runs `PRAGMA integrity_check`, and reads its
 * version and counts. The problems integrity_check found, as an Error, when it is not "ok".
 */
export function checkCopy(file: string): CopyFacts {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    const rows = db.pragma('integrity_check(10)') as Array<{ integrity_check: string }>;
    const problems = rows.map((r) => r.integrity_check).filter((text) => text !== 'ok');
    if (problems.length > 0) throw new Error(`integrity_check found: ${problems.join('; ')}`);
    const blobs = hasTable(db, 'files')
      ? new Set(
          (db.prepare('SELECT DISTINCT sha256 FROM files').pluck().all() as string[]).map((s) =>
            s.toLowerCase(),
          ),
        )
      : new Set<string>();
    return {
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      counts: {
        users: count(db, 'users'),
        // Edits, deletions and reactions are rows of messages too (action set): not messages.
        messages: count(db, 'messages', hasColumn(db, 'messages', 'action') ? 'action IS NULL' : undefined),
        files: count(db, 'files'),
        rooms: count(db, 'rooms'),
      },
      blobs,
    };
  } finally {
    db.close();
  }
}

function hasTable(db: Database.Database, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return (db.pragma(`table_info(${table})`) as Array<{ name: string }>).some((c) => c.name === column);
}

/** Rows of a table (0 when a store of an older schema has no such table). */
function count(db: Database.Database, table: string, where?: string): number {
  if (!hasTable(db, table)) return 0;
  return db
    .prepare(`SELECT count(*) FROM ${table}${where ? ` WHERE ${where}` : ''}`)
    .pluck()
    .get() as number;
}
