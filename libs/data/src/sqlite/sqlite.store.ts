import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import type { Store } from '../repositories';
import { migrate } from './sqlite.schema';
import { SqliteAuditRepository } from './sqlite-audit.repository';
import { SqliteFilesRepository } from './sqlite-files.repository';
import { SqliteMessagesRepository } from './sqlite-messages.repository';
import { SqliteMusicRepository } from './sqlite-music.repository';
import { SqliteReadMarksRepository } from './sqlite-read-marks.repository';
import { SqliteRoomsRepository } from './sqlite-rooms.repository';
import { SqliteScoresRepository } from './sqlite-scores.repository';
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
  }

  /** Opens (creating if need be) `<dataDir>/chat.db` and brings its schema up to date. */
  public static open(dataDir: string, options: SqliteStoreOptions = {}): SqliteStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, SQLITE_FILE_NAME), {
      timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    });
    try {
      configure(db, options.durability ?? 'normal');
      migrate(db);
      return new SqliteStore(db);
    } catch (err) {
      db.close();
      throw err;
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
    // Lets SQLite refresh its query-planner statistics when they are worth it; cheap otherwise.
    this.db.pragma('optimize');
    this.db.close();
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
