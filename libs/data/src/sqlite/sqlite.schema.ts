import type { Database } from 'better-sqlite3';

import { nameSkeleton } from '@chat/protocol';

import { backupBeforeMigration } from '../backup/migration-backups';
import { StoreFileError } from '../store-file-error';

/**
 * The schema as a list of migrations; `PRAGMA user_version` records how many have run. Append new
 * steps, never edit a released one: databases in the field have already run it.
 *
 * Dates are epoch milliseconds (compact, ordered, cheap to compare); user names are matched on
 * `lower(name)` computed in JavaScript so that it agrees with `conversationKey`.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    username_lower TEXT NOT NULL UNIQUE,
    username       TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('user', 'admin')),
    password_hash  TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    last_seen      INTEGER,
    ban_at         INTEGER,
    ban_by         TEXT,
    ban_reason     TEXT,
    ban_until      INTEGER,
    mute_at        INTEGER,
    mute_by        TEXT,
    mute_reason    TEXT,
    mute_until     INTEGER
  );

  -- AUTOINCREMENT: a seq is never handed out twice, even after the newest message is gone.
  CREATE TABLE messages (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    msg_id       TEXT NOT NULL,
    ts           INTEGER NOT NULL,
    sender       TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('all', 'private', 'group')),
    text         TEXT,
    file_id      TEXT,
    file         TEXT,
    participants TEXT NOT NULL,
    conversation TEXT NOT NULL
  );
  CREATE INDEX messages_conversation_seq ON messages (conversation, seq);
  CREATE INDEX messages_file ON messages (file_id) WHERE file_id IS NOT NULL;

  -- One row per (participant, message) of private and group messages: "what may alice see
  -- after seq N" is then one index range scan instead of a scan of every message.
  CREATE TABLE message_participants (
    username_lower TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    PRIMARY KEY (username_lower, seq)
  ) WITHOUT ROWID;

  CREATE TABLE files (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    mime       TEXT NOT NULL,
    owner      TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  -- NOCASE on actor and target: an admin filtering the log by "Bob" means bob.
  CREATE TABLE audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL COLLATE NOCASE,
    action  TEXT NOT NULL,
    target  TEXT COLLATE NOCASE,
    reason  TEXT,
    details TEXT NOT NULL
  );
  CREATE INDEX audit_at ON audit (at, id);
  CREATE INDEX audit_actor_at ON audit (actor, at, id);
  CREATE INDEX audit_target_at ON audit (target, at, id);
  `,
  // 2: each participant row names its conversation too, so that "the latest message of each of
  // alice's conversations" is read from one index, without visiting her messages. The table is
  // rebuilt (SQLite cannot add a NOT NULL column without a default) and filled from the messages.
  `
  CREATE TABLE message_participants_v2 (
    username_lower TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    conversation   TEXT NOT NULL,
    PRIMARY KEY (username_lower, seq)
  ) WITHOUT ROWID;
  INSERT INTO message_participants_v2 (username_lower, seq, conversation)
    SELECT p.username_lower, p.seq, m.conversation
    FROM message_participants p JOIN messages m ON m.seq = p.seq;
  DROP TABLE message_participants;
  ALTER TABLE message_participants_v2 RENAME TO message_participants;
  CREATE INDEX message_participants_conversation_seq
    ON message_participants (username_lower, conversation, seq);
  `,
  // 3: the audit log filtered by action ("every ban"), newest first, as one index range scan; with
  // only audit_at, a rare action would page through the whole log to fill one page.
  `
  CREATE INDEX audit_action_at ON audit (action, at, id);
  `,
  // 4: media (protocol.md §10): a processed file's media (JSON: a voice message's duration and
  // waveform, a picture's size and thumbnail), and the parent a thumbnail is read through.
  `
  ALTER TABLE files ADD COLUMN media TEXT;
  ALTER TABLE files ADD COLUMN parent_id TEXT;
  `,
  // Snapshots (issue 9): each user's screenshots, listed newest first from one index.
  `
  CREATE TABLE snapshots (
    id          TEXT PRIMARY KEY NOT NULL,
    owner       TEXT NOT NULL,
    owner_lower TEXT NOT NULL,
    file_id     TEXT NOT NULL,
    thumb_id    TEXT NOT NULL,
    name        TEXT NOT NULL,
    mime        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
  );
  -- The rowid, which every index entry carries, orders snapshots taken in the same millisecond.
  CREATE INDEX snapshots_owner_created ON snapshots (owner_lower, created_at);
  `,
  // music: the tracks an admin added, each a stored file that every user may read; listed in the
  // order they were added.
  `
  CREATE TABLE music_tracks (
    id          TEXT PRIMARY KEY NOT NULL,
    title       TEXT NOT NULL,
    file_id     TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    mime        TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    added_at    INTEGER NOT NULL
  );
  CREATE INDEX music_tracks_file ON music_tracks (file_id);
  CREATE INDEX music_tracks_added ON music_tracks (added_at, id);
  `,
  // games: every score a player posted. The index holds each player's scores best first, so that a
  // player's best is one seek and the leaderboard one pass over the index, never over the rows.
  `
  CREATE TABLE scores (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    game     TEXT NOT NULL,
    username TEXT NOT NULL COLLATE NOCASE,
    score    INTEGER NOT NULL,
    at       INTEGER NOT NULL
  );
  CREATE INDEX scores_game_user_best ON scores (game, username, score DESC, at, id);
  `,
  // calls (protocol.md §11): a call's message carries its outcome (JSON) instead of text.
  `
  ALTER TABLE messages ADD COLUMN call TEXT;
  `,
  // rooms (protocol.md §12): rooms, their members (indexed both ways: a room's members for its
  // history checks, a user's rooms for log-in and "what may alice see after seq N"), invitations
  // and room bans. messages.kind gains 'room': a CHECK constraint cannot be altered, so the table
  // is rebuilt with every row and seq kept, and its AUTOINCREMENT counter carried over so that a
  // seq once handed out (even of a message since removed) is never handed out again.
  `
  CREATE TABLE messages_v2 (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    msg_id       TEXT NOT NULL,
    ts           INTEGER NOT NULL,
    sender       TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('all', 'private', 'group', 'room')),
    text         TEXT,
    file_id      TEXT,
    file         TEXT,
    participants TEXT NOT NULL,
    conversation TEXT NOT NULL,
    call         TEXT
  );
  INSERT INTO messages_v2 (seq, msg_id, ts, sender, recipient, kind, text, file_id, file, participants, conversation, call)
    SELECT seq, msg_id, ts, sender, recipient, kind, text, file_id, file, participants, conversation, call FROM messages;
  UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0))
    WHERE name = 'messages_v2';
  INSERT INTO sqlite_sequence (name, seq)
    SELECT 'messages_v2', seq FROM sqlite_sequence WHERE name = 'messages'
    AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'messages_v2');
  DROP TABLE messages;
  ALTER TABLE messages_v2 RENAME TO messages;
  CREATE INDEX messages_conversation_seq ON messages (conversation, seq);
  CREATE INDEX messages_file ON messages (file_id) WHERE file_id IS NOT NULL;

  CREATE TABLE rooms (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL UNIQUE,
    topic      TEXT NOT NULL,
    private    INTEGER NOT NULL,
    owner      TEXT NOT NULL,
    owner_lower TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX rooms_owner ON rooms (owner_lower);

  CREATE TABLE room_members (
    room_id        TEXT NOT NULL,
    username_lower TEXT NOT NULL,
    username       TEXT NOT NULL,
    joined_at      INTEGER NOT NULL,
    PRIMARY KEY (room_id, username_lower)
  ) WITHOUT ROWID;
  CREATE INDEX room_members_user ON room_members (username_lower, room_id);

  CREATE TABLE room_invites (
    room_id        TEXT NOT NULL,
    username_lower TEXT NOT NULL,
    invited_by     TEXT NOT NULL,
    at             INTEGER NOT NULL,
    PRIMARY KEY (room_id, username_lower)
  ) WITHOUT ROWID;

  CREATE TABLE room_bans (
    room_id        TEXT NOT NULL,
    username_lower TEXT NOT NULL,
    reason         TEXT,
    banned_by      TEXT NOT NULL,
    at             INTEGER NOT NULL,
    until          INTEGER,
    PRIMARY KEY (room_id, username_lower)
  ) WITHOUT ROWID;
  `,
  // read marks: how far each user has read each conversation (by its key), for unread counts that
  // survive a reload and agree on every device.
  `
  CREATE TABLE read_marks (
    username_lower TEXT NOT NULL,
    conversation   TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    PRIMARY KEY (username_lower, conversation)
  ) WITHOUT ROWID;
  `,
  // Edits, deletions, reactions, replies, actions, search and the receipts switch. A change to a
  // message is a row of messages too (action, target, actor set), so that it takes the next seq and
  // reaches clients through the same arms of "since"; its private and group readers are in
  // update_participants, apart from message_participants, so that unread counts and the
  // conversation list read messages only. messages_fts indexes the text of messages (not of
  // changes), kept in step by triggers when a text is edited or a message deleted.
  `
  ALTER TABLE messages ADD COLUMN me INTEGER;
  ALTER TABLE messages ADD COLUMN reply_to TEXT;
  ALTER TABLE messages ADD COLUMN edited_at INTEGER;
  ALTER TABLE messages ADD COLUMN deleted INTEGER;
  ALTER TABLE messages ADD COLUMN action TEXT;
  ALTER TABLE messages ADD COLUMN target TEXT;
  ALTER TABLE messages ADD COLUMN actor TEXT;
  CREATE INDEX messages_msg_id ON messages (msg_id);

  CREATE TABLE update_participants (
    username_lower TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    PRIMARY KEY (username_lower, seq)
  ) WITHOUT ROWID;

  -- By the message's seq; "first given" is the order of at, then of the name.
  CREATE TABLE reactions (
    seq            INTEGER NOT NULL,
    emoji          TEXT NOT NULL,
    username_lower TEXT NOT NULL,
    username       TEXT NOT NULL,
    at             INTEGER NOT NULL,
    PRIMARY KEY (seq, emoji, username_lower)
  ) WITHOUT ROWID;

  ALTER TABLE users ADD COLUMN receipts_off INTEGER NOT NULL DEFAULT 0;
  -- Receipts: everyone's mark of one conversation.
  CREATE INDEX read_marks_conversation ON read_marks (conversation);

  CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, content = 'messages', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
  );
  INSERT INTO messages_fts (rowid, text) SELECT seq, text FROM messages WHERE text IS NOT NULL;
  CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
    WHEN new.text IS NOT NULL AND new.action IS NULL BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.seq, new.text);
  END;
  CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages WHEN old.action IS NULL BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.seq, old.text
      WHERE old.text IS NOT NULL;
    INSERT INTO messages_fts (rowid, text) SELECT new.seq, new.text WHERE new.text IS NOT NULL;
  END;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
    WHEN old.text IS NOT NULL AND old.action IS NULL BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
  END;
  `,
  // Token versions: a token names the version it was issued under, and any other is refused, so
  // that a password change, a ban or "log out everywhere" voids every earlier token.
  `
  ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;
  `,
  // Look-alike names (issue 13): each user's name skeleton (nameSkeleton, TR39), so that a new name
  // is checked against every existing one with one index seek. Existing rows are filled in by
  // fillNameSkeletons, which SQL cannot compute.
  `
  ALTER TABLE users ADD COLUMN name_skeleton TEXT;
  CREATE INDEX users_name_skeleton ON users (name_skeleton);
  `,
  // Account care (issue 14): sessions, each a password log-in whose tokens carry its id (`sid`), so
  // that one can be ended alone; a deleted account stays as a tombstone that keeps its name; a
  // user's files by owner, for the deletion.
  `
  CREATE TABLE sessions (
    id             TEXT PRIMARY KEY NOT NULL,
    username_lower TEXT NOT NULL,
    username       TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    last_seen      INTEGER NOT NULL,
    transport      TEXT NOT NULL,
    user_agent     TEXT,
    address        TEXT
  );
  CREATE INDEX sessions_user ON sessions (username_lower, last_seen);
  ALTER TABLE users ADD COLUMN deleted_at INTEGER;
  CREATE INDEX files_owner ON files (lower(owner));
  CREATE INDEX files_sha256 ON files (sha256);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface MigrateOptions {
  /**
   * Where a copy of an existing store goes before an upgrade changes it (`DATA_DIR/backups`);
   * none when absent (tests of the steps themselves).
   */
  backupDir?: string;
}

/**
 * Brings the schema up to date. The version is read inside an IMMEDIATE transaction so that two
 * processes opening a new file at once (edge and admin API) cannot both run the same step.
 *
 * A store with data of an older schema is first copied to `backupDir`: an upgrade is the one
 * moment the program rewrites tables it did not create in this run. The copy is taken before the
 * transaction (VACUUM cannot run inside one), so the edge and the api starting together may both
 * take one; the second then finds the schema current and changes nothing.
 */
export function migrate(db: Database, options: MigrateOptions = {}): void {
  const found = db.pragma('user_version', { simple: true }) as number;
  if (options.backupDir && found > 0 && found < SCHEMA_VERSION)
    backupBeforeMigration(db, options.backupDir, found);
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new StoreFileError(
        `${db.name} has schema version ${current}, newer than this build knows (${SCHEMA_VERSION}): upgrade the app`,
      );
    }
    for (let version = current; version < SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version]);
    if (current !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
    fillNameSkeletons(db);
  }).immediate();
}

/** Computes the name skeleton of the users who have none yet (those of a file from before it); an index seek when none. */
function fillNameSkeletons(db: Database): void {
  const missing = db
    .prepare('SELECT username_lower, username FROM users WHERE name_skeleton IS NULL')
    .all() as { username_lower: string; username: string }[];
  const update = db.prepare('UPDATE users SET name_skeleton = ? WHERE username_lower = ?');
  for (const row of missing) update.run(nameSkeleton(row.username), row.username_lower);
}
