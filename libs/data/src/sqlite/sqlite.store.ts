import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { MIGRATION_BACKUPS_DIR } from '../backup/migration-backups';
import type { Store } from '../repositories';
import { StoreFileError } from '../store-file-error';
import { migrate } from './sqlite.schema';
import { SqliteAuditRepository } from './sqlite-audit.repository';
import { SqliteFilesRepository } from './sqlite-files.repository';
import { SqliteMessagesRepository } from './sqlite-messages.repository';
import { SqliteMusicRepository } from './sqlite-music.repository';
import { SqliteReadMarksRepository } from './sqlite-read-marks.repository';
import { SqliteRoomsRepository } from './sqlite-rooms.repository';
import { SqliteScoresRepository } from './sqlite-scores.repository';
import { SqliteSessionsRepository } from './sqlite-sessions.repository';
import { SqliteSnapshotsRepository } from './sqlite-snapshots.repository';
import { SqliteUsersRepository } from './sqlite-users.repository';

/**
 * - `normal`: a committed transaction survives the process being killed (it is in the WAL, which
 *   the OS writes out); a power cut may lose the last moments. The default: no fsync per message.
 * - `full`: the WAL is fsynced at every commit, so a commit also survives a power cut.
 */
export type SqliteDurability = 'normal' | 'full';

export interface SqliteStoreOptions {
  durability?: SqliteDurability;
  /** How long a write waits for another process holding the lock (edge and admin API share the file). */
  busyTimeoutMs?: number;
  /** Run `PRAGMA quick_check` on opening (start-up): a damaged file fails now, not at some later query. */
  verify?: boolean;
}

export interface SqliteSettings {
  journalMode: string;
  durability: SqliteDurability;
  busyTimeoutMs: number;
  schemaVersion: number;
}

export const SQLITE_FILE_NAME = 'chat.db';
const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** The embedded store: one SQLite file in WAL mode under the data directory. */
export class SqliteStore implements Store {
  public readonly kind = 'sqlite' as const;
  public readonly users: SqliteUsersRepository;
  public readonly messages: SqliteMessagesRepository;
  public readonly files: SqliteFilesRepository;
  public readonly audit: SqliteAuditRepository;
  public readonly snapshots: SqliteSnapshotsRepository;
  public readonly music: SqliteMusicRepository;
  public readonly scores: SqliteScoresRepository;
  public readonly rooms: SqliteRoomsRepository;
  public readonly reads: SqliteReadMarksRepository;
  public readonly sessions: SqliteSessionsRepository;

  private constructor(private readonly db: Database.Database) {
    this.users = new SqliteUsersRepository(db);
    this.messages = new SqliteMessagesRepository(db);
    this.files = new SqliteFilesRepository(db);
    this.audit = new SqliteAuditRepository(db);
    this.scores = new SqliteScoresRepository(db);
    this.music = new SqliteMusicRepository(db);
    this.snapshots = new SqliteSnapshotsRepository(db);
    this.rooms = new SqliteRoomsRepository(db);
    this.reads = new SqliteReadMarksRepository(db);
    this.sessions = new SqliteSessionsRepository(db);
  }

  /**
   * Opens (creating if need be) `<dataDir>/chat.db` and brings its schema up to date. The file
   * and its -wal and -shm are readable by this user only. StoreFileError when it cannot be used.
   */
  public static open(dataDir: string, options: SqliteStoreOptions = {}): SqliteStore {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, SQLITE_FILE_NAME);
    let db: Database.Database | undefined;
    try {
      // SQLite gives the -wal and -shm files the mode of the database file: create it 0600 first.
      closeSync(openSync(file, 'a', 0o600));
      db = new Database(file, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
      configure(db, options.durability ?? 'normal');
      if (options.verify) quickCheck(db);
      migrate(db, { backupDir: join(dataDir, MIGRATION_BACKUPS_DIR) });
      restrictModes(file);
      return new SqliteStore(db);
    } catch (err) {
      db?.close();
      throw storeFileError(file, err);
    }
  }

  /**
   * Whether the file is still sound as a new process would find it: a fresh read-only connection
   * reads the schema and the newest message from disk, past this connection's page cache. The
   * problem in words, or null.
   */
  public async verify(): Promise<string | null> {
    if (!this.db.open) return `${this.filename} is closed`;
    let probe: Database.Database | undefined;
    try {
      probe = new Database(this.filename, { readonly: true, fileMustExist: true, timeout: 1000 });
      probe.prepare('SELECT count(*) FROM sqlite_schema').get();
      probe.prepare('SELECT max(seq) FROM messages').get();
      probe.prepare('SELECT count(*) FROM users').get();
      return null;
    } catch (err) {
      return `${this.filename}: ${(err as Error).message}`;
    } finally {
      probe?.close();
    }
  }

  /** The file this store writes, for diagnostics. */
  public get filename(): string {
    return this.db.name;
  }

  /** The connection's effective settings, for health checks and tests. */
  public settings(): SqliteSettings {
    const synchronous = this.db.pragma('synchronous', { simple: true }) as number;
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      durability: synchronous >= 2 ? 'full' : 'normal',
      busyTimeoutMs: this.db.pragma('busy_timeout', { simple: true }) as number,
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
    };
  }

  public async ping(): Promise<boolean> {
    if (!this.db.open) return false;
    try {
      this.db.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  public async close(): Promise<void> {
    if (!this.db.open) return;
    try {
      // Lets SQLite refresh its query-planner statistics when they are worth it; cheap otherwise.
      this.db.pragma('optimize');
    } catch {
      // Only an optimisation: a file gone bad under the store must not stop a shutdown halfway.
    }
    this.db.close();
  }
}

/** SQLite's error codes that say the file itself is damaged or is not a database. */
const DAMAGED_CODES = new Set([
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT_VTAB',
  'SQLITE_CORRUPT_INDEX',
]);

/** PRAGMA quick_check: the b-trees' structure and the pages' format, without the slower index cross-checks. */
function quickCheck(db: Database.Database): void {
  const rows = db.pragma('quick_check(5)') as Array<{ quick_check: string }>;
  const problems = rows.map((r) => r.quick_check).filter((text) => text !== 'ok');
  if (problems.length > 0) throw new DamagedFile(`quick_check found: ${problems.join('; ')}`);
}

class DamagedFile extends Error {}

function storeFileError(file: string, err: unknown): StoreFileError {
  if (err instanceof StoreFileError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  if (err instanceof DamagedFile || (typeof code === 'string' && DAMAGED_CODES.has(code))) {
    return new StoreFileError(
      `The database ${file} is damaged or is not a SQLite database (${reason}). ` +
        'Stop the edge and the api, then restore it from a backup, or move it aside together with ' +
        `its ${SQLITE_FILE_NAME}-wal and ${SQLITE_FILE_NAME}-shm files to start with an empty store.`,
    );
  }
  return new StoreFileError(
    `The database ${file} cannot be opened (${reason}). Check that it and its directory belong ` +
      'to the user running the server, and that the disk is neither full nor read-only.',
  );
}

/** The database and its WAL files, readable by their owner only (they hold password hashes and every message). */
function restrictModes(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(path, 0o600);
    } catch (err) {
      // Gone (no WAL yet), or not ours to change (a shared mount): nothing this process can do.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw err;
    }
  }
}

/** Opens the SQLite store; the async form the Nest module and scripts use. */
export async function openSqliteStore(
  dataDir: string,
  options: SqliteStoreOptions = {},
): Promise<SqliteStore> {
  return SqliteStore.open(dataDir, options);
}

function configure(db: Database.Database, durability: SqliteDurability): void {
  // WAL: readers never block the writer nor the writer the readers, across processes too.
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    throw new Error(`${db.name}: SQLite could not enter WAL mode (got "${String(mode)}"); use a local disk`);
  }
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  // Keep the WAL from growing without bound between checkpoints on a busy server.
  db.pragma('journal_size_limit = 67108864');
  db.pragma('cache_size = -16384');
}
