import type { Database, Statement } from 'better-sqlite3';

import type { ReadMarksRepository, UnreadRow } from '../repositories';

export class SqliteReadMarksRepository implements ReadMarksRepository {
  private readonly upsert: Statement<[string, string, number], { seq: number }>;
  private readonly markRow: Statement<[string, string], { seq: number }>;
  private readonly participantUnread: Statement<[{ user: string }], UnreadRow>;
  private readonly countAfter: Statement<
    [{ conversation: string; after: number; cap: number }],
    { n: number }
  >;
  private readonly marksOfConversation: Statement<[string], { username: string; seq: number }>;

  constructor(db: Database) {
    this.upsert = db.prepare(`INSERT INTO read_marks (username_lower, conversation, seq) VALUES (?, ?, ?)
      ON CONFLICT (username_lower, conversation) DO UPDATE SET seq = max(seq, excluded.seq)
      RETURNING seq`);
    this.markRow = db.prepare('SELECT seq FROM read_marks WHERE username_lower = ? AND conversation = ?');
    // The user's participant rows after each conversation's mark: message_participants'
    // (user, conversation, seq) index, from the mark on.
    this.participantUnread = db.prepare(`SELECT p.conversation AS conversation, count(*) AS count
      FROM message_participants p
      LEFT JOIN read_marks r ON r.username_lower = p.username_lower AND r.conversation = p.conversation
      WHERE p.username_lower = @user AND p.seq > coalesce(r.seq, 0)
      GROUP BY p.conversation`);
    this.countAfter = db.prepare(`SELECT count(*) AS n FROM (
      SELECT 1 FROM messages WHERE conversation = @conversation AND seq > @after AND action IS NULL
      LIMIT @cap)`);
    this.marksOfConversation = db.prepare(
      'SELECT username_lower AS username, seq FROM read_marks WHERE conversation = ?',
    );
  }

  public async mark(username: string, conversation: string, seq: number): Promise<number> {
    return this.upsert.get(username.toLowerCase(), conversation, seq)!.seq;
  }

  public async markOf(username: string, conversation: string): Promise<number | null> {
    return this.markRow.get(username.toLowerCase(), conversation)?.seq ?? null;
  }

  public async unread(username: string, others: readonly string[], cap: number): Promise<UnreadRow[]> {
    const user = username.toLowerCase();
    const rows = this.participantUnread.all({ user }).map((r) => ({ ...r, count: Math.min(r.count, cap) }));
    for (const conversation of others) {
      const mark = this.markRow.get(user, conversation)?.seq;
      if (mark === undefined) continue;
      const count = this.countAfter.get({ conversation, after: mark, cap })!.n;
      if (count > 0) rows.push({ conversation, count });
    }
    return rows;
  }

  public async marksOf(conversation: string): Promise<Array<{ username: string; seq: number }>> {
    return this.marksOfConversation.all(conversation);
  }
}
