import type { Database, Statement } from 'better-sqlite3';

import { ChatError, nameSkeleton, Role } from '@chat/protocol';

import { pageWindow } from '../paging';
import type { NewUser, Page, Restriction, UserQuery, UserRecord, UsersRepository } from '../repositories';
import { fromMillis, isUniqueViolation, toMillis } from './sqlite.values';

interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  created_at: number;
  last_seen: number | null;
  ban_at: number | null;
  ban_by: string | null;
  ban_reason: string | null;
  ban_until: number | null;
  mute_at: number | null;
  mute_by: string | null;
  mute_reason: string | null;
  mute_until: number | null;
  receipts_off: number;
  token_version: number;
  deleted_at: number | null;
}

/** The columns of a ban or a mute, all null when there is none. */
interface RestrictionColumns {
  at: number | null;
  by: string | null;
  reason: string | null;
  until: number | null;
}

const USER_COLUMNS = `username, password_hash, role, created_at, last_seen,
  ban_at, ban_by, ban_reason, ban_until, mute_at, mute_by, mute_reason, mute_until, receipts_off, token_version, deleted_at`;
/** Deleted accounts stay as rows (their names stay reserved) but no look-up finds them. */
const LIVE = 'deleted_at IS NULL';

export class SqliteUsersRepository implements UsersRepository {
  private readonly insert: Statement<[Record<string, unknown>]>;
  private readonly byName: Statement<[string], UserRow>;
  private readonly bySkeleton: Statement<[string], UserRow>;
  private readonly byNames: Statement<[string], UserRow>;
  private readonly page: Statement<[{ search: string; limit: number; offset: number }], UserRow>;
  private readonly countMatching: Statement<[string], { n: number }>;
  private readonly countAll: Statement<[], { n: number }>;
  private readonly countAdminRows: Statement<[], { n: number }>;
  private readonly tombstone: Statement<[number, string]>;
  private readonly updateRole: Statement<[Role, string]>;
  private readonly updateBan: Statement<[RestrictionColumns & { name: string }]>;
  private readonly updateMute: Statement<[RestrictionColumns & { name: string }]>;
  private readonly updatePassword: Statement<[string, string]>;
  private readonly bumpVersion: Statement<[string], { token_version: number }>;
  private readonly updateLastSeen: Statement<[number, string]>;
  private readonly updateReceipts: Statement<[number, string]>;

  constructor(db: Database) {
    this.insert = db.prepare(`INSERT INTO users
      (username_lower, username, role, password_hash, created_at, name_skeleton)
      VALUES (@usernameLower, @username, @role, @passwordHash, @createdAt, @nameSkeleton)`);
    this.byName = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE username_lower = ? AND ${LIVE}`);
    this.bySkeleton = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE name_skeleton = ?
      ORDER BY username_lower LIMIT 1`);
    this.byNames = db.prepare(`SELECT ${USER_COLUMNS} FROM users
      WHERE username_lower IN (SELECT value FROM json_each(?)) AND ${LIVE} ORDER BY username_lower`);
    // instr(x, '') is 1, so an empty search matches everybody and one statement serves both.
    this.page = db.prepare(`SELECT ${USER_COLUMNS} FROM users
      WHERE instr(username_lower, @search) > 0 AND ${LIVE} ORDER BY username_lower LIMIT @limit OFFSET @offset`);
    this.countMatching = db.prepare(
      `SELECT count(*) AS n FROM users WHERE instr(username_lower, ?) > 0 AND ${LIVE}`,
    );
    this.countAll = db.prepare(`SELECT count(*) AS n FROM users WHERE ${LIVE}`);
    this.countAdminRows = db.prepare(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND ${LIVE}`);
    this.tombstone = db.prepare(`UPDATE users SET deleted_at = ?, password_hash = '', role = 'user',
      ban_at = NULL, ban_by = NULL, ban_reason = NULL, ban_until = NULL,
      mute_at = NULL, mute_by = NULL, mute_reason = NULL, mute_until = NULL,
      token_version = token_version + 1 WHERE username_lower = ? AND ${LIVE}`);
    this.updateRole = db.prepare(`UPDATE users SET role = ? WHERE username_lower = ? AND ${LIVE}`);
    this.updateBan = db.prepare(`UPDATE users SET ban_at = @at, ban_by = @by, ban_reason = @reason,
      ban_until = @until WHERE username_lower = @name AND ${LIVE}`);
    this.updateMute = db.prepare(`UPDATE users SET mute_at = @at, mute_by = @by, mute_reason = @reason,
      mute_until = @until WHERE username_lower = @name AND ${LIVE}`);
    this.updatePassword = db.prepare(
      `UPDATE users SET password_hash = ?, token_version = token_version + 1
        WHERE username_lower = ? AND ${LIVE}`,
    );
    this.bumpVersion = db.prepare(
      `UPDATE users SET token_version = token_version + 1 WHERE username_lower = ? AND ${LIVE}
        RETURNING token_version`,
    );
    this.updateLastSeen = db.prepare(`UPDATE users SET last_seen = ? WHERE username_lower = ? AND ${LIVE}`);
    this.updateReceipts = db.prepare(
      `UPDATE users SET receipts_off = ? WHERE username_lower = ? AND ${LIVE}`,
    );
  }

  public async create(user: NewUser): Promise<UserRecord> {
    const createdAt = new Date();
    try {
      this.insert.run({
        usernameLower: user.username.toLowerCase(),
        username: user.username,
        role: user.role,
        passwordHash: user.passwordHash,
        createdAt: createdAt.getTime(),
        nameSkeleton: nameSkeleton(user.username),
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ChatError('USER_EXISTS');
      throw err;
    }
    return {
      username: user.username,
      passwordHash: user.passwordHash,
      role: user.role,
      createdAt,
      lastSeen: null,
      ban: null,
      mute: null,
      receipts: true,
      tokenVersion: 0,
      deletedAt: null,
    };
  }

  public async findByName(username: string): Promise<UserRecord | null> {
    const row = this.byName.get(username.toLowerCase());
    return row ? toUser(row) : null;
  }

  public async findBySkeleton(skeleton: string): Promise<UserRecord | null> {
    const row = this.bySkeleton.get(skeleton);
    return row ? toUser(row) : null;
  }

  public async findManyByNames(usernames: readonly string[]): Promise<UserRecord[]> {
    if (usernames.length === 0) return [];
    const lowered = [...new Set(usernames.map((name) => name.toLowerCase()))];
    return this.byNames.all(JSON.stringify(lowered)).map(toUser);
  }

  public async list(query: UserQuery): Promise<Page<UserRecord>> {
    const { offset, limit } = pageWindow(query);
    const search = (query.search ?? '').toLowerCase();
    const items = limit === 0 ? [] : this.page.all({ search, limit, offset }).map(toUser);
    return { items, total: this.countMatching.get(search)!.n };
  }

  public async setRole(username: string, role: Role): Promise<void> {
    expectOne(this.updateRole.run(role, username.toLowerCase()).changes);
  }

  public async setBan(username: string, ban: Restriction | null): Promise<void> {
    expectOne(this.updateBan.run({ ...restrictionColumns(ban), name: username.toLowerCase() }).changes);
  }

  public async setMute(username: string, mute: Restriction | null): Promise<void> {
    expectOne(this.updateMute.run({ ...restrictionColumns(mute), name: username.toLowerCase() }).changes);
  }

  public async setPasswordHash(username: string, passwordHash: string): Promise<void> {
    expectOne(this.updatePassword.run(passwordHash, username.toLowerCase()).changes);
  }

  public async bumpTokenVersion(username: string): Promise<number> {
    const row = this.bumpVersion.get(username.toLowerCase());
    if (!row) throw new ChatError('NO_SUCH_USER');
    return row.token_version;
  }

  public async setReceipts(username: string, on: boolean): Promise<void> {
    expectOne(this.updateReceipts.run(on ? 0 : 1, username.toLowerCase()).changes);
  }

  public async touchLastSeen(username: string, at: Date): Promise<void> {
    expectOne(this.updateLastSeen.run(at.getTime(), username.toLowerCase()).changes);
  }

  public async count(): Promise<number> {
    return this.countAll.get()!.n;
  }

  public async countAdmins(): Promise<number> {
    return this.countAdminRows.get()!.n;
  }

  public async markDeleted(username: string, at: Date): Promise<void> {
    expectOne(this.tombstone.run(at.getTime(), username.toLowerCase()).changes);
  }
}

function expectOne(changes: number): void {
  if (changes === 0) throw new ChatError('NO_SUCH_USER');
}

function restrictionColumns(restriction: Restriction | null): RestrictionColumns {
  if (!restriction) return { at: null, by: null, reason: null, until: null };
  return {
    at: restriction.at.getTime(),
    by: restriction.by,
    reason: restriction.reason,
    until: toMillis(restriction.until),
  };
}

function toRestriction(columns: RestrictionColumns): Restriction | null {
  // `at` and `by` are set together; `at` alone tells whether there is a restriction.
  if (columns.at === null) return null;
  return {
    reason: columns.reason,
    by: columns.by ?? '',
    at: new Date(columns.at),
    until: fromMillis(columns.until),
  };
}

function toUser(row: UserRow): UserRecord {
  return {
    username: row.username,
    passwordHash: row.password_hash,
    role: row.role,
    createdAt: new Date(row.created_at),
    lastSeen: fromMillis(row.last_seen),
    ban: toRestriction({ at: row.ban_at, by: row.ban_by, reason: row.ban_reason, until: row.ban_until }),
    mute: toRestriction({ at: row.mute_at, by: row.mute_by, reason: row.mute_reason, until: row.mute_until }),
    receipts: row.receipts_off === 0,
    tokenVersion: row.token_version,
    deletedAt: fromMillis(row.deleted_at),
  };
}
