import type { Database, Statement, Transaction } from 'better-sqlite3';

import {
  CallInfo,
  ChatError,
  DELETED_USER,
  FileInfo,
  MAX_REACTIONS_PER_MESSAGE,
  MessageKind,
  Reaction,
  REPLY_QUOTE_LENGTH,
  ReplyQuote,
  UpdateAction,
} from '@chat/protocol';

import { messageLimit } from '../paging';
import type {
  MessageChange,
  MessagesRepository,
  NewMessage,
  SearchQuery,
  StoredMessage,
} from '../repositories';

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
  me: number | null;
  reply_to: string | null;
  edited_at: number | null;
  deleted: number | null;
  action: UpdateAction | null;
  target: string | null;
  actor: string | null;
}

interface ReactionRow {
  seq: number;
  emoji: string;
  username: string;
}

const MESSAGE_COLUMNS =
  'seq, msg_id, ts, sender, recipient, kind, text, file, call, participants, conversation, ' +
  'me, reply_to, edited_at, deleted, action, target, actor';

/** Larger than any seq, so that "no `before`" needs no statement of its own. */
const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

export class SqliteMessagesRepository implements MessagesRepository {
  private readonly insertMessage: Statement<[Record<string, unknown>]>;
  private readonly insertParticipant: Statement<[string, number, string]>;
  private readonly appendTx: Transaction<(message: NewMessage) => number>;
  private readonly maxSeq: Statement<[], { seq: number }>;
  private readonly visible: Statement<[{ user: string; after: number; limit: number }], MessageRow>;
  private readonly floor: Statement<[{ user: string; after: number; max: number }], { seq: number }>;
  private readonly window: Statement<[{ conversation: string; before: number; limit: number }], MessageRow>;
  private readonly latestPerConversation: Statement<[{ user: string; limit: number }], MessageRow>;
  private readonly fileVisible: Statement<[{ user: string; fileId: string }], { ok: number }>;
  private readonly byMsgId: Statement<[string], MessageRow>;
  private readonly byMsgIds: Statement<[string], MessageRow>;
  private readonly bySeq: Statement<[number], MessageRow>;
  private readonly seqRange: Statement<[{ after: number; upTo: number; limit: number }], MessageRow>;
  private readonly insertUpdateParticipant: Statement<[string, number]>;
  private readonly setText: Statement<[{ seq: number; text: string; at: number }]>;
  private readonly setDeleted: Statement<[number]>;
  private readonly dropReactions: Statement<[number]>;
  private readonly addReaction: Statement<[Record<string, unknown>]>;
  private readonly removeReaction: Statement<[number, string, string]>;
  private readonly reactionCount: Statement<
    [{ seq: number; emoji: string }],
    { emojis: number; given: number }
  >;
  private readonly reactionsOf: Statement<[string], ReactionRow>;
  private readonly changeTx: Transaction<(change: MessageChange) => StoredMessage | null>;
  private readonly matching: Statement<[Record<string, unknown>], MessageRow>;
  private readonly eraseSenderTx: Transaction<(lower: string) => number>;
  private readonly carrying: Statement<[string], { file_id: string }>;

  constructor(db: Database) {
    this.insertMessage = db.prepare(`INSERT INTO messages
      (msg_id, ts, sender, recipient, kind, text, file_id, file, call, participants, conversation,
       me, reply_to, action, target, actor)
      VALUES (@msgId, @ts, @sender, @recipient, @kind, @text, @fileId, @file, @call, @participants,
       @conversation, @me, @replyTo, @action, @target, @actor)`);
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
        SELECT seq FROM (SELECT seq FROM update_participants WHERE username_lower = @user AND seq > @after
                         ORDER BY seq LIMIT @limit)
        UNION
        SELECT seq FROM (SELECT seq FROM messages WHERE conversation IN (
                           SELECT 'r:' || room_id FROM room_members WHERE username_lower = @user)
                         AND seq > @after ORDER BY seq LIMIT @limit)
        ORDER BY seq LIMIT @limit
      )
      SELECT ${prefixed('m')} FROM visible v JOIN messages m ON m.seq = v.seq ORDER BY v.seq`);
    // The visible messages newest first, each branch bounded to max + 1 by its own (key, seq) index.
    this.floor = db.prepare(`SELECT seq FROM (
        SELECT seq FROM (SELECT seq FROM messages WHERE conversation = '*' AND seq > @after
                         ORDER BY seq DESC LIMIT @max + 1)
        UNION
        SELECT seq FROM (SELECT seq FROM message_participants WHERE username_lower = @user AND seq > @after
                         ORDER BY seq DESC LIMIT @max + 1)
        UNION
        SELECT seq FROM (SELECT seq FROM update_participants WHERE username_lower = @user AND seq > @after
                         ORDER BY seq DESC LIMIT @max + 1)
        UNION
        SELECT seq FROM (SELECT seq FROM messages WHERE conversation IN (
                           SELECT 'r:' || room_id FROM room_members WHERE username_lower = @user)
                         AND seq > @after ORDER BY seq DESC LIMIT @max + 1)
      ) ORDER BY seq DESC LIMIT 1 OFFSET @max`);
    this.window = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM (
        SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation = @conversation AND seq < @before
        AND action IS NULL ORDER BY seq DESC LIMIT @limit
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
    this.byMsgId = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE msg_id = ? AND action IS NULL`);
    this.bySeq = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE seq = ?`);
    this.seqRange = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages
      WHERE seq > @after AND seq <= @upTo ORDER BY seq LIMIT @limit`);
    this.byMsgIds = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages
      WHERE msg_id IN (SELECT value FROM json_each(?)) AND action IS NULL`);
    this.insertUpdateParticipant = db.prepare(
      'INSERT OR IGNORE INTO update_participants (username_lower, seq) VALUES (?, ?)',
    );
    this.setText = db.prepare('UPDATE messages SET text = @text, edited_at = @at WHERE seq = @seq');
    this.setDeleted = db.prepare(`UPDATE messages SET text = NULL, file = NULL, file_id = NULL, call = NULL,
      reply_to = NULL, deleted = 1 WHERE seq = ?`);
    this.dropReactions = db.prepare('DELETE FROM reactions WHERE seq = ?');
    this.addReaction = db.prepare(`INSERT OR IGNORE INTO reactions (seq, emoji, username_lower, username, at)
      VALUES (@seq, @emoji, @user, @username, @at)`);
    this.removeReaction = db.prepare(
      'DELETE FROM reactions WHERE seq = ? AND emoji = ? AND username_lower = ?',
    );
    this.reactionCount = db.prepare(`SELECT count(DISTINCT emoji) AS emojis,
      coalesce(sum(emoji = @emoji), 0) AS given FROM reactions WHERE seq = @seq`);
    this.reactionsOf = db.prepare(`SELECT seq, emoji, username FROM reactions
      WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq, at, username_lower`);
    this.changeTx = db.transaction((change: MessageChange) => this.applyChange(change));
    // A scan of every message: deleting an account is rare, and no index on the sender is needed otherwise.
    const eraseSender = db.prepare('UPDATE messages SET sender = ? WHERE lower(sender) = ?');
    const eraseActor = db.prepare('UPDATE messages SET actor = ? WHERE lower(actor) = ?');
    this.eraseSenderTx = db.transaction(
      (lower: string) =>
        eraseSender.run(DELETED_USER, lower).changes + eraseActor.run(DELETED_USER, lower).changes,
    );
    this.carrying = db.prepare(`SELECT DISTINCT file_id FROM messages
      WHERE file_id IN (SELECT value FROM json_each(?))`);
    // The words through the full-text index, then the same three ways of being allowed to read a
    // message as for "since"; newest first. Ordered by the index's own rowid (the seq), which FTS5
    // walks backwards as it goes, so a common word stops at the first `limit` readable messages
    // instead of sorting every match.
    this.matching = db.prepare(`SELECT ${prefixed('m')} FROM messages_fts f JOIN messages m ON m.seq = f.rowid
      WHERE messages_fts MATCH @match AND f.rowid < @before
        AND (@conversation IS NULL OR m.conversation = @conversation)
        AND (@from IS NULL OR m.sender = @from)
        AND (m.conversation = '*'
          OR EXISTS (SELECT 1 FROM message_participants p WHERE p.username_lower = @user AND p.seq = m.seq)
          OR m.conversation IN (SELECT 'r:' || room_id FROM room_members WHERE username_lower = @user))
      ORDER BY f.rowid DESC LIMIT @limit`);
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
      ...(message.me ? { me: true } : {}),
      ...(message.replyTo ? this.withReply(message.replyTo) : {}),
    };
  }

  public async latestSeq(): Promise<number> {
    return this.maxSeq.get()!.seq;
  }

  public async range(after: number, upTo: number, limit: number): Promise<StoredMessage[]> {
    return this.decorate(this.seqRange.all({ after, upTo, limit: messageLimit(limit) }));
  }

  public async visibleSince(username: string, after: number, limit: number): Promise<StoredMessage[]> {
    const rows = this.visible.all({ user: username.toLowerCase(), after, limit: messageLimit(limit) });
    return this.decorate(rows);
  }

  public async replayFloor(username: string, after: number, max: number): Promise<number> {
    const row = this.floor.get({ user: username.toLowerCase(), after, max: Math.max(0, Math.floor(max)) });
    return row ? row.seq : after;
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
    return this.decorate(rows);
  }

  public async conversations(username: string, limit: number): Promise<StoredMessage[]> {
    const rows = this.latestPerConversation.all({ user: username.toLowerCase(), limit: messageLimit(limit) });
    return this.decorate(rows);
  }

  public async canSeeFile(username: string, fileId: string): Promise<boolean> {
    return this.fileVisible.get({ user: username.toLowerCase(), fileId })!.ok === 1;
  }

  public async find(msgId: string): Promise<StoredMessage | null> {
    const row = this.byMsgId.get(msgId);
    return row ? this.decorate([row])[0] : null;
  }

  public async change(change: MessageChange): Promise<StoredMessage | null> {
    return this.changeTx.immediate(change);
  }

  public async eraseSender(username: string): Promise<number> {
    return this.eraseSenderTx.immediate(username.toLowerCase());
  }

  public async carriedFiles(fileIds: readonly string[]): Promise<Set<string>> {
    if (fileIds.length === 0) return new Set();
    return new Set(this.carrying.all(JSON.stringify(fileIds)).map((row) => row.file_id));
  }

  public async search(username: string, query: SearchQuery): Promise<StoredMessage[]> {
    if (query.words.length === 0) return [];
    const match = query.words
      .map((word, i) => (i === query.words.length - 1 ? `"${word}"*` : `"${word}"`))
      .join(' ');
    const rows = this.matching.all({
      match,
      user: username.toLowerCase(),
      before: query.before ?? NO_UPPER_BOUND,
      conversation: query.conversation ?? null,
      from: query.from ?? null,
      limit: messageLimit(query.limit),
    });
    return this.decorate(rows);
  }

  /** Inside the change's transaction: the target's new state, then the change's own row. */
  private applyChange(change: MessageChange): StoredMessage | null {
    const target = change.target;
    // The target as stored now: another change may have come in since the caller read it.
    const current = this.byMsgId.get(target.msgId);
    if (!current || current.deleted) throw new ChatError('NO_SUCH_MESSAGE');
    let text: string | null = null;
    if (change.action === 'edit') {
      this.setText.run({ seq: current.seq, text: change.text, at: change.ts.getTime() });
      text = change.text;
    } else if (change.action === 'delete') {
      this.setDeleted.run(current.seq);
      this.dropReactions.run(current.seq);
    } else {
      const user = change.by.toLowerCase();
      const { emojis, given } = this.reactionCount.get({ seq: current.seq, emoji: change.emoji })!;
      if (change.remove) {
        if (this.removeReaction.run(current.seq, change.emoji, user).changes === 0) return null;
      } else {
        if (given === 0 && emojis >= MAX_REACTIONS_PER_MESSAGE) {
          throw new ChatError(
            'QUOTA_EXCEEDED',
            `At most ${MAX_REACTIONS_PER_MESSAGE} different reactions on a message`,
          );
        }
        const added = this.addReaction.run({
          seq: current.seq,
          emoji: change.emoji,
          user,
          username: change.by,
          at: change.ts.getTime(),
        }).changes;
        if (added === 0) return null;
      }
    }
    const update: NewMessage & { action: UpdateAction; target: string; actor: string } = {
      msgId: change.msgId,
      ts: change.ts,
      from: target.from,
      to: target.to,
      kind: target.kind,
      text,
      file: null,
      participants: target.participants,
      conversation: target.conversation,
      action: change.action,
      target: target.msgId,
      actor: change.by,
    };
    const seq = Number(this.insertMessage.run(toRow(update)).lastInsertRowid);
    if (target.kind === 'private' || target.kind === 'group') {
      for (const name of target.participants) this.insertUpdateParticipant.run(name.toLowerCase(), seq);
    }
    const [stored] = this.decorate([this.bySeq.get(seq)!]);
    return stored;
  }

  /** Rows as the repository's callers see them: replies quoted, reactions attached, changes with their target's state. */
  private decorate(rows: MessageRow[]): StoredMessage[] {
    if (rows.length === 0) return [];
    const quoted = rows.filter((r) => r.reply_to !== null).map((r) => r.reply_to!);
    const targets = rows.filter((r) => r.action !== null).map((r) => r.target!);
    const related = new Map<string, MessageRow>();
    if (quoted.length + targets.length > 0) {
      for (const row of this.byMsgIds.all(JSON.stringify([...new Set([...quoted, ...targets])]))) {
        related.set(row.msg_id, row);
      }
    }
    // Reactions of the messages themselves, and of the targets of reaction changes.
    const reactionSeqs = new Set<number>();
    for (const row of rows) {
      if (row.action === null && !row.deleted) reactionSeqs.add(row.seq);
      else if (row.action === 'react' && related.has(row.target!))
        reactionSeqs.add(related.get(row.target!)!.seq);
    }
    const reactions = new Map<number, Reaction[]>();
    for (const r of this.reactionsOf.all(JSON.stringify([...reactionSeqs]))) {
      let list = reactions.get(r.seq);
      if (!list) reactions.set(r.seq, (list = []));
      let reaction = list.find((x) => x.emoji === r.emoji);
      if (!reaction) list.push((reaction = { emoji: r.emoji, users: [] }));
      reaction.users.push(r.username);
    }
    return rows.map((row) => {
      const message = toMessage(row);
      if (row.action !== null) {
        const target = related.get(row.target!);
        if (row.action === 'edit') message.edited = message.ts;
        if (row.action === 'delete') message.deleted = true;
        if (row.action === 'react') message.reactions = target ? (reactions.get(target.seq) ?? []) : [];
        return message;
      }
      const own = reactions.get(row.seq);
      if (own) message.reactions = own;
      if (row.reply_to !== null) message.reply = quoteOf(row.reply_to, related.get(row.reply_to));
      return message;
    });
  }

  private withReply(msgId: string): Pick<StoredMessage, 'replyTo' | 'reply'> {
    const row = this.byMsgId.get(msgId);
    return { replyTo: msgId, reply: quoteOf(msgId, row) };
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

function toRow(
  message: NewMessage & { action?: UpdateAction; target?: string; actor?: string },
): Record<string, unknown> {
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
    me: message.me ? 1 : null,
    replyTo: message.replyTo ?? null,
    action: message.action ?? null,
    target: message.target ?? null,
    actor: message.actor ?? null,
  };
}

/** The answered message as a reply shows it; a message gone or deleted is `deleted`. */
function quoteOf(msgId: string, row: MessageRow | undefined): ReplyQuote {
  if (!row || row.deleted) return { msgId, seq: row?.seq ?? 0, from: row?.sender ?? '', deleted: true };
  const quote: ReplyQuote = { msgId, seq: row.seq, from: row.sender };
  if (row.text !== null) quote.text = [...row.text].slice(0, REPLY_QUOTE_LENGTH).join('');
  else if (row.file !== null) quote.file = (JSON.parse(row.file) as FileInfo).name;
  return quote;
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
    ...(row.me ? { me: true } : {}),
    ...(row.reply_to === null ? {} : { replyTo: row.reply_to }),
    ...(row.edited_at === null ? {} : { edited: new Date(row.edited_at) }),
    ...(row.deleted ? { deleted: true } : {}),
    ...(row.action === null ? {} : { update: { action: row.action, target: row.target!, by: row.actor! } }),
  };
}

function prefixed(alias: string): string {
  return MESSAGE_COLUMNS.split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}
