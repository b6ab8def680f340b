import type { Database, Statement, Transaction } from 'better-sqlite3';

import type { CallInfo, FileInfo, MessageKind } from '@chat/protocol';

import { messageLimit } from '../paging';
import type { MessagesRepository, NewMessage, StoredMessage } from '../repositories';

interface MessageRow {
  seq: number;
  msg_id: string;
  ts: number;
  sender: string;
  recipient: string;
  kind: MessageKind;
  text: string | null;
  file: string | null;
  call: string | null;
  participants: string;
  conversation: string;
}

const MESSAGE_COLUMNS =
  'seq, msg_id, ts, sender, recipient, kind, text, file, call, participants, conversation';

/** Larger than any seq, so that "no `before`" needs no statement of its own. */
const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

export class SqliteMessagesRepository implements MessagesRepository {
  private readonly insertMessage: Statement<[Record<string, unknown>]>;
  private readonly insertParticipant: Statement<[string, number, string]>;
  private readonly appendTx: Transaction<(message: NewMessage) => number>;
  private readonly maxSeq: Statement<[], { seq: number }>;
  private readonly visible: Statement<[{ user: string; after: number; limit: number }], MessageRow>;
  private readonly window: Statement<[{ conversation: string; before: number; limit: number }], MessageRow>;
  private readonly latestPerConversation: Statement<[{ user: string; limit: number }], MessageRow>;
  private readonly fileVisible: Statement<[{ user: string; fileId: string }], { ok: number }>;

  constructor(db: Database) {
    this.insertMessage = db.prepare(`INSERT INTO messages
      (msg_id, ts, sender, recipient, kind, text, file_id, file, call, participants, conversation)
      VALUES (@msgId, @ts, @sender, @recipient, @kind, @text, @fileId, @file, @call, @participants, @conversation)`);
    // OR IGNORE: a name listed twice (in any case) is one participant.
    this.insertParticipant = db.prepare(
      'INSERT OR IGNORE INTO message_participants (username_lower, seq, conversation) VALUES (?, ?, ?)',
    );
    this.appendTx = db.transaction((message: NewMessage) => this.insertRows(message));
    this.maxSeq = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM messages');
    // Each arm is an ordered, limited index range scan: messages_conversation_seq for the
    // messages to everyone, the participants' primary key for the user's own, and
    // messages_conversation_seq again for each room the user is in now (room_members_user finds
    // them). Merging short sorted lists keeps a replay cheap however long the history is.
    this.visible = db.prepare(`WITH visible(seq) AS (
        SELECT seq FROM (SELECT seq FROM messages WHERE conversation = '*' AND seq > @after
                         ORDER BY seq LIMIT @limit)
        UNION
        SELECT seq FROM (SELECT seq FROM message_participants WHERE username_lower = @user AND seq > @after
                         ORDER BY seq LIMIT @limit)
        UNION
        SELECT seq FROM (SELECT seq FROM messages WHERE conversation IN (
                           SELECT 'r:' || room_id FROM room_members WHERE username_lower = @user)
                         AND seq > @after ORDER BY seq LIMIT @limit)
        ORDER BY seq LIMIT @limit
      )
      SELECT ${prefixed('m')} FROM visible v JOIN messages m ON m.seq = v.seq ORDER BY v.seq`);
    this.window = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM (
        SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation = @conversation AND seq < @before
        ORDER BY seq DESC LIMIT @limit
      ) ORDER BY seq`);
    // The grouping reads message_participants_conversation_seq alone, in its order: one index entry
    // per message of the user's, no table row, and only the `limit` latest messages are read.
    this.latestPerConversation = db.prepare(`WITH latest(seq) AS (
        SELECT max(seq) FROM message_participants WHERE username_lower = @user
        GROUP BY conversation ORDER BY 1 DESC LIMIT @limit
      )
      SELECT ${prefixed('m')} FROM latest l JOIN messages m ON m.seq = l.seq ORDER BY m.seq DESC`);
    // A room's file: its members, or anyone while the room is public (they could join and read it).
    this.fileVisible = db.prepare(`SELECT EXISTS (
        SELECT 1 FROM messages m WHERE m.file_id = @fileId AND (m.conversation = '*' OR EXISTS (
          SELECT 1 FROM message_participants p WHERE p.username_lower = @user AND p.seq = m.seq)
          OR (m.kind = 'room' AND EXISTS (
            SELECT 1 FROM rooms r WHERE 'r:' || r.id = m.conversation AND (r.private = 0 OR EXISTS (
              SELECT 1 FROM room_members rm WHERE rm.room_id = r.id AND rm.username_lower = @user)))))
      ) AS ok`);
  }

  public async append(message: NewMessage): Promise<StoredMessage> {
    // IMMEDIATE takes the write lock up front, so a second process makes us wait (busy_timeout)
    // rather than fail half-way through the transaction.
    const seq = this.appendTx.immediate(message);
    return {
      seq,
      msgId: message.msgId,
      ts: message.ts,
      from: message.from,
      to: message.to,
      kind: message.kind,
      text: message.text,
      file: message.file,
      ...(message.call ? { call: message.call } : {}),
      participants: message.participants,
      conversation: message.conversation,
    };
  }

  public async latestSeq(): Promise<number> {
    return this.maxSeq.get()!.seq;
  }

  public async visibleSince(username: string, after: number, limit: number): Promise<StoredMessage[]> {
    const rows = this.visible.all({ user: username.toLowerCase(), after, limit: messageLimit(limit) });
    return rows.map(toMessage);
  }

  public async history(
    conversation: string,
    before: number | undefined,
    limit: number,
  ): Promise<StoredMessage[]> {
    const rows = this.window.all({
      conversation,
      before: before ?? NO_UPPER_BOUND,
      limit: messageLimit(limit),
    });
    return rows.map(toMessage);
  }

  public async conversations(username: string, limit: number): Promise<StoredMessage[]> {
    const rows = this.latestPerConversation.all({ user: username.toLowerCase(), limit: messageLimit(limit) });
    return rows.map(toMessage);
  }

  public async canSeeFile(username: string, fileId: string): Promise<boolean> {
    return this.fileVisible.get({ user: username.toLowerCase(), fileId })!.ok === 1;
  }

  private insertRows(message: NewMessage): number {
    const seq = Number(this.insertMessage.run(toRow(message)).lastInsertRowid);
    // Messages to everyone have no participant rows: everybody sees them through the '*' arm; nor
    // have room messages: their members see them through the rooms arm.
    if (message.kind !== 'all' && message.kind !== 'room') {
      for (const name of message.participants) {
        this.insertParticipant.run(name.toLowerCase(), seq, message.conversation);
      }
    }
    return seq;
  }
}

function toRow(message: NewMessage): Record<string, unknown> {
  return {
    msgId: message.msgId,
    ts: message.ts.getTime(),
    sender: message.from,
    recipient: JSON.stringify(message.to),
    kind: message.kind,
    text: message.text,
    fileId: message.file?.id ?? null,
    file: message.file ? JSON.stringify(message.file) : null,
    call: message.call ? JSON.stringify(message.call) : null,
    participants: JSON.stringify(message.participants),
    conversation: message.conversation,
  };
}

function toMessage(row: MessageRow): StoredMessage {
  return {
    seq: row.seq,
    msgId: row.msg_id,
    ts: new Date(row.ts),
    from: row.sender,
    to: JSON.parse(row.recipient) as StoredMessage['to'],
    kind: row.kind,
    text: row.text,
    file: row.file === null ? null : (JSON.parse(row.file) as FileInfo),
    ...(row.call === null ? {} : { call: JSON.parse(row.call) as CallInfo }),
    participants: JSON.parse(row.participants) as string[],
    conversation: row.conversation,
  };
}

function prefixed(alias: string): string {
  return MESSAGE_COLUMNS.split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}
