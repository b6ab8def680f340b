import type { Database, Statement } from 'better-sqlite3';

import type { SessionRecord, SessionsRepository } from '../repositories';

interface SessionRow {
  id: string;
  username: string;
  created_at: number;
  last_seen: number;
  transport: string;
  user_agent: string | null;
  address: string | null;
}

const COLUMNS = 'id, username, created_at, last_seen, transport, user_agent, address';

export class SqliteSessionsRepository implements SessionsRepository {
  private readonly insert: Statement<[SessionRow & { username_lower: string }]>;
  private readonly byId: Statement<[string], SessionRow>;
  private readonly ofUser: Statement<[string], SessionRow>;
  private readonly updateLastSeen: Statement<[number, string]>;
  private readonly deleteOne: Statement<[string]>;
  private readonly deleteAllOf: Statement<[string, string], { id: string }>;

  constructor(db: Database) {
    this.insert = db.prepare(`INSERT INTO sessions (username_lower, ${COLUMNS})
      VALUES (@username_lower, @id, @username, @created_at, @last_seen, @transport, @user_agent, @address)`);
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE id = ?`);
    this.ofUser = db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE username_lower = ?
      ORDER BY last_seen DESC, id`);
    this.updateLastSeen = db.prepare('UPDATE sessions SET last_seen = ? WHERE id = ?');
    this.deleteOne = db.prepare('DELETE FROM sessions WHERE id = ?');
    this.deleteAllOf = db.prepare('DELETE FROM sessions WHERE username_lower = ? AND id != ? RETURNING id');
  }

  public async create(session: SessionRecord): Promise<SessionRecord> {
    this.insert.run({
      id: session.id,
      username: session.username,
      username_lower: session.username.toLowerCase(),
      created_at: session.createdAt.getTime(),
      last_seen: session.lastSeen.getTime(),
      transport: session.transport,
      user_agent: session.userAgent,
      address: session.address,
    });
    return { ...session };
  }

  public async find(id: string): Promise<SessionRecord | null> {
    const row = this.byId.get(id);
    return row ? toSession(row) : null;
  }

  public async listOf(username: string): Promise<SessionRecord[]> {
    return this.ofUser.all(username.toLowerCase()).map(toSession);
  }

  public async touch(id: string, at: Date): Promise<void> {
    this.updateLastSeen.run(at.getTime(), id);
  }

  public async remove(id: string): Promise<boolean> {
    return this.deleteOne.run(id).changes > 0;
  }

  public async removeAllOf(username: string, except?: string): Promise<string[]> {
    // '' is no session's id: without `except` every one goes.
    return this.deleteAllOf.all(username.toLowerCase(), except ?? '').map((row) => row.id);
  }
}

function toSession(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    username: row.username,
    createdAt: new Date(row.created_at),
    lastSeen: new Date(row.last_seen),
    transport: row.transport,
    userAgent: row.user_agent,
    address: row.address,
  };
}
