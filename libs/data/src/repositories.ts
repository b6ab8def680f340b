import type {
  CallInfo,
  FileInfo,
  MessageKind,
  Reaction,
  Recipient,
  ReplyQuote,
  Role,
  UpdateAction,
} from '@chat/protocol';

/** A ban or a mute: why, by whom, and until when (null: until lifted). */
export interface Restriction {
  reason: string | null;
  by: string;
  at: Date;
  until: Date | null;
}

export interface UserRecord {
  /** The name as registered (case kept); unique without regard to case. */
  username: string;
  passwordHash: string;
  role: Role;
  createdAt: Date;
  lastSeen: Date | null;
  ban: Restriction | null;
  mute: Restriction | null;
  /** Read receipts: sent for the user's reads and shown to them (on unless turned off). */
  receipts: boolean;
  /**
   * Every token carries the version it was issued under; bumping it (a password change, a ban,
   * "log out everywhere", an admin's revoke) makes every earlier token void.
   */
  tokenVersion: number;
  /**
   * Set when the account was deleted: the row stays as a tombstone that keeps the name reserved
   * (conversation keys, participants and read marks name it), and no look-up but
   * `findBySkeleton` finds it.
   */
  deletedAt: Date | null;
}

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface UserQuery {
  /** Case-insensitive substring of the user name. */
  search?: string;
  offset?: number;
  limit?: number;
}

/**
 * The set and touch methods throw ChatError('NO_SUCH_USER') when no user has the name. Deleted
 * accounts (tombstones) are left out of every look-up, list and count but `findBySkeleton`.
 */
export interface UsersRepository {
  /**
   * Creates a user; throws ChatError('USER_EXISTS') when the name is taken in any case, a deleted
   * account's included.
   */
  create(user: NewUser): Promise<UserRecord>;
  /** Case-insensitive look-up. */
  findByName(username: string): Promise<UserRecord | null>;
  /**
   * A user whose name looks like one with this skeleton (`nameSkeleton`, TR39), the first by name,
   * a deleted account included (its name stays reserved); null when none does.
   */
  findBySkeleton(skeleton: string): Promise<UserRecord | null>;
  /** Case-insensitive look-up of many; unknown names are left out. */
  findManyByNames(usernames: readonly string[]): Promise<UserRecord[]>;
  /** Sorted by name (case-insensitive). */
  list(query: UserQuery): Promise<Page<UserRecord>>;
  setRole(username: string, role: Role): Promise<void>;
  setBan(username: string, ban: Restriction | null): Promise<void>;
  setMute(username: string, mute: Restriction | null): Promise<void>;
  /** Sets the password hash and bumps the token version in the same write: no old token outlives it. */
  setPasswordHash(username: string, passwordHash: string): Promise<void>;
  /** Adds one to the token version, atomically (two bumps at once make two); answers the new version. */
  bumpTokenVersion(username: string): Promise<number>;
  setReceipts(username: string, on: boolean): Promise<void>;
  touchLastSeen(username: string, at: Date): Promise<void>;
  count(): Promise<number>;
  /** How many admins there are (deleted accounts left out). */
  countAdmins(): Promise<number>;
  /**
   * Turns the account into a tombstone: no password (no log-in can match), no role beyond `user`,
   * no ban or mute, the token version bumped, `deletedAt` set. NO_SUCH_USER when none (or deleted).
   */
  markDeleted(username: string, at: Date): Promise<void>;
}

/** One signed-in session: a password log-in and every token renewed from it. */
export interface SessionRecord {
  /** Random, carried in the token as `sid`. */
  id: string;
  /** Canonical name of the user. */
  username: string;
  createdAt: Date;
  /** The last time a token of the session was used (log-in, renewal, a request); coarse. */
  lastSeen: Date;
  /** How the password log-in came: `http` (the admin API), `tcp` or `ws` (the edge). */
  transport: string;
  /** The client's User-Agent header, when it sent one. */
  userAgent: string | null;
  /** The client's IP address. */
  address: string | null;
}

/** Sessions by id; every look-up by user name is without regard to case. */
export interface SessionsRepository {
  create(session: SessionRecord): Promise<SessionRecord>;
  find(id: string): Promise<SessionRecord | null>;
  /** The user's sessions, the most recently seen first. */
  listOf(username: string): Promise<SessionRecord[]>;
  touch(id: string, at: Date): Promise<void>;
  /** Ends one session; whether it was there. */
  remove(id: string): Promise<boolean>;
  /** Ends every session of the user but `except`; answers the ids ended. */
  removeAllOf(username: string, except?: string): Promise<string[]>;
}

/** A message as the edge hands it to the store: everything but `seq`. */
export interface NewMessage {
  msgId: string;
  ts: Date;
  /** Sender's canonical name. */
  from: string;
  /** As addressed: `"*"`, a canonical user name, or canonical names (sender left out). */
  to: Recipient;
  kind: MessageKind;
  text: string | null;
  file: FileInfo | null;
  /** Set on a call's message (protocol.md §11), which has no text and no file. */
  call?: CallInfo;
  /**
   * Canonical names of everyone who takes part (sender included) for `private` and `group`;
   * empty for `all`, which everyone sees, and for `room`, whose members see it.
   */
  participants: string[];
  /**
   * The conversation key: `"*"` for all, else the kind's initial and the sorted lower-cased
   * participants, e.g. `"p:alice,bob"`, `"g:alice,bob,carol"` (see `conversationKey`); for a room
   * `"r:"` and the room's id (see `roomConversation`).
   */
  conversation: string;
  /** An action (`/me waves`). */
  me?: boolean;
  /** The msgId of the message of the same conversation this one answers. */
  replyTo?: string;
}

/** What makes a stored row a change to a message rather than a message (protocol.md "As built"). */
export interface UpdateInfo {
  action: UpdateAction;
  /** The changed message's msgId. */
  target: string;
  /** Canonical name of who acted. */
  by: string;
}

/**
 * A stored message as it is now, or (with `update`) a change to one: then `from`, `to`, `kind`,
 * `participants` and `conversation` are the changed message's, `text` its new text after an edit,
 * and `edited`, `deleted`, `reactions` its state after the change.
 */
export interface StoredMessage extends NewMessage {
  seq: number;
  update?: UpdateInfo;
  edited?: Date;
  deleted?: boolean;
  reactions?: Reaction[];
  /** The answered message (`replyTo`) as it is now. */
  reply?: ReplyQuote;
}

/** A change to a message, stored with the next seq by `MessagesRepository.change`. */
export type MessageChange = {
  /** The change's own id and time. */
  msgId: string;
  ts: Date;
  target: StoredMessage;
  by: string;
} & (
  | { action: 'edit'; text: string }
  | { action: 'delete' }
  | { action: 'react'; emoji: string; remove: boolean }
);

export interface SearchQuery {
  /** Words that must all appear (the last may be the start of a word); see `searchWords`. */
  words: string[];
  /** One conversation key. */
  conversation?: string;
  /** A sender's canonical name. */
  from?: string;
  before?: number;
  limit: number;
}

export interface MessagesRepository {
  /**
   * Stores a message and gives it the next `seq` (strictly increasing over all messages ever stored,
   * across restarts and processes). Resolves only once the message is durable.
   */
  append(message: NewMessage): Promise<StoredMessage>;
  /** The highest `seq` stored, 0 when none. */
  latestSeq(): Promise<number>;
  /**
   * Every stored message and change with `after < seq <= upTo`, whoever may see it, oldest first,
   * at most `limit`: what an edge missed of the live stream (several edges, protocol.md §13).
   */
  range(after: number, upTo: number, limit: number): Promise<StoredMessage[]>;
  /**
   * Messages `user` may see with `seq > after`, oldest first: kind all, those `user` is a participant
   * of, and every message of the rooms `user` is a member of now (their whole history, as a member
   * who just joined sees it).
   */
  visibleSince(username: string, after: number, limit: number): Promise<StoredMessage[]>;
  /**
   * Where a replay of at most `max` of the messages `visibleSince(username, after)` gives starts:
   * `after` itself when there are no more than `max`, else the seq just below the `max` newest.
   */
  replayFloor(username: string, after: number, max: number): Promise<number>;
  /** The newest `limit` messages of one conversation with `seq < before` (if given), oldest first. */
  history(conversation: string, before: number | undefined, limit: number): Promise<StoredMessage[]>;
  /**
   * The newest message of each private and group conversation `username` takes part in, newest
   * first, at most `limit` of them. The conversation with everyone is left out: everybody has it.
   */
  conversations(username: string, limit: number): Promise<StoredMessage[]>;
  /**
   * Whether `username` may see a message that carried `fileId`: kind all counts for all, private
   * and group for their participants, room for the room's members (and for everyone when the room is
   * public).
   */
  canSeeFile(username: string, fileId: string): Promise<boolean>;
  /** The message (never a change) with this msgId, as it is now; null when none. */
  find(msgId: string): Promise<StoredMessage | null>;
  /**
   * Applies a change to its target and stores it as an update with the next seq, both or neither.
   * Null when it changes nothing (a reaction given again, or taken back when absent). Throws
   * ChatError('QUOTA_EXCEEDED') beyond MAX_REACTIONS_PER_MESSAGE different emoji.
   */
  change(change: MessageChange): Promise<StoredMessage | null>;
  /**
   * The messages `username` may read (as `visibleSince` decides) that contain every word, newest
   * first; deleted ones never, edited ones by their text now.
   */
  search(username: string, query: SearchQuery): Promise<StoredMessage[]>;
  /**
   * Shows a deleted account's messages (and its changes to messages) as sent by DELETED_USER:
   * every row whose sender or actor is `username` (any case). Answers how many rows changed.
   */
  eraseSender(username: string): Promise<number>;
  /** Which of these file ids a stored message carries (a deleted message carries none). */
  carriedFiles(fileIds: readonly string[]): Promise<Set<string>>;
}

export interface FileRecord extends FileInfo {
  /** Canonical name of the uploader. */
  owner: string;
  createdAt: Date;
  /**
   * The file this one belongs to (a picture's thumbnail names its picture): whoever may read the
   * parent may read it, though no message carries it.
   */
  parentId?: string;
}

export interface FilesRepository {
  create(file: FileRecord): Promise<FileRecord>;
  findById(id: string): Promise<FileRecord | null>;
  /** The files `owner` uploaded (owner matched without regard to case), oldest first. */
  listOwnedBy(owner: string): Promise<FileRecord[]>;
  /**
   * Removes the records; answers the SHA-256 of the contents no remaining record has, whose blob
   * may then go (blobs are stored once per content).
   */
  remove(ids: readonly string[]): Promise<string[]>;
}

/** A music track everyone logged in may play: a stored file with a title. */
export interface MusicTrackRecord {
  id: string;
  title: string;
  /** The stored file (AAC-LC in MP4); readable by every user while the track exists. */
  fileId: string;
  durationMs: number;
  mime: string;
  /** Canonical name of the admin who added it. */
  addedBy: string;
  addedAt: Date;
}

export interface MusicTracksRepository {
  add(track: MusicTrackRecord): Promise<MusicTrackRecord>;
  /** Oldest first: the order they were added in. */
  list(): Promise<MusicTrackRecord[]>;
  findById(id: string): Promise<MusicTrackRecord | null>;
  /** Whether a track plays this file: then every user may read it. */
  hasFile(fileId: string): Promise<boolean>;
  /** false when there was no such track. */
  remove(id: string): Promise<boolean>;
}

export interface AuditEntry {
  id: string;
  at: Date;
  /** Canonical name of who acted. */
  actor: string;
  /** e.g. `ban`, `unban`, `mute`, `unmute`, `kick`, `role`, `announce`. */
  action: string;
  /** Canonical name of the user acted on, null for actions without one. */
  target: string | null;
  reason: string | null;
  /** Extra facts, e.g. `{ until: '...' }` or `{ role: 'admin' }`. */
  details: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: Date };

export interface AuditRepository {
  add(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  list(query: {
    offset?: number;
    limit?: number;
    target?: string;
    actor?: string;
    /** Exactly this action, e.g. `ban`. */
    action?: string;
  }): Promise<Page<AuditEntry>>;
}

/** A screenshot in its owner's Snapshots folder: the bytes are a file, private until sent. */
export interface SnapshotRecord {
  id: string;
  /** Canonical name of the owner, the only one who may see it. */
  owner: string;
  /** The PNG or JPEG as taken (a FilesRepository record, owned by `owner`). */
  fileId: string;
  /** Its thumbnail (a file whose `parentId` is `fileId`). */
  thumbId: string;
  name: string;
  mime: string;
  size: number;
  width: number;
  height: number;
  createdAt: Date;
}

/** Every method is scoped to the owner: another user's snapshot is as good as absent. */
export interface SnapshotsRepository {
  create(snapshot: SnapshotRecord): Promise<SnapshotRecord>;
  /** The owner's snapshots, newest first; `total` counts them all. */
  list(owner: string, query: { offset?: number; limit?: number }): Promise<Page<SnapshotRecord>>;
  /** How many snapshots the owner has. */
  count(owner: string): Promise<number>;
  /** The snapshot if it is the owner's (owner matched without regard to case). */
  find(owner: string, id: string): Promise<SnapshotRecord | null>;
  /** Removes it if it is the owner's; whether it was there. */
  delete(owner: string, id: string): Promise<boolean>;
}

/** A game whose scores are kept; one leaderboard each. */
export type GameName = 'snake';

/** One score a player posted. */
export interface ScoreRecord {
  id: string;
  game: GameName;
  /** Canonical name of the player. */
  username: string;
  score: number;
  at: Date;
}

export type NewScore = Omit<ScoreRecord, 'id' | 'at'> & { at?: Date };

/**
 * A player's best score, as a leaderboard shows it: the first time they reached it, and their place
 * among every player's best (1 for the highest; equal scores are placed by who reached them first).
 */
export interface RankedScore {
  rank: number;
  username: string;
  score: number;
  at: Date;
}

export interface ScoresRepository {
  add(score: NewScore): Promise<ScoreRecord>;
  /** The best score of each player, highest first, equal ones by who reached them first; at most `limit`. */
  top(game: GameName, limit: number): Promise<RankedScore[]>;
  /** The best score of one player (case-insensitive name) with its rank; null when they never posted one. */
  best(game: GameName, username: string): Promise<RankedScore | null>;
}

/** A named room (protocol.md §12). Its messages have kind `room` and conversation `roomConversation(id)`. */
export interface RoomRecord {
  /** Stable id: a room deleted and created again under the same name is another room with other messages. */
  id: string;
  /** Canonical (lower-case) name, `#` included: unique. */
  name: string;
  /** Empty when none. */
  topic: string;
  private: boolean;
  /** Canonical name of the creator. */
  owner: string;
  createdAt: Date;
}

/** A room with how many members it has, as lists show it. */
export interface RoomSummary extends RoomRecord {
  members: number;
}

export interface RoomListQuery {
  /** Case-insensitive substring of the name or the topic. */
  search?: string;
  offset?: number;
  limit?: number;
}

/**
 * Rooms, their members, invitations and bans. Members are kept by canonical name; every look-up by
 * user name is without regard to case. Membership is indexed both ways (room → members for
 * delivery, user → rooms for log-in and `since`).
 */
export interface RoomsRepository {
  /** Creates a room with its owner as first member; throws ChatError('ROOM_EXISTS') when the name is taken. */
  create(room: RoomRecord): Promise<RoomRecord>;
  /** By canonical name. */
  findByName(name: string): Promise<RoomRecord | null>;
  findById(id: string): Promise<RoomRecord | null>;
  /**
   * The public rooms and the private rooms `username` is a member of, with their member counts,
   * sorted by name; `total` counts them all.
   */
  listVisible(username: string, query: RoomListQuery): Promise<Page<RoomSummary>>;
  /** Every room, private ones included (for admins), sorted by name. */
  listAll(query: RoomListQuery): Promise<Page<RoomSummary>>;
  setTopic(roomId: string, topic: string): Promise<void>;
  /** Removes the room with its memberships, invitations and bans (its messages stay, unreachable); whether it was there. */
  delete(roomId: string): Promise<boolean>;
  /** Adds a member and drops their invitation; false when they were one already. */
  addMember(roomId: string, username: string): Promise<boolean>;
  /** false when they were not a member. */
  removeMember(roomId: string, username: string): Promise<boolean>;
  isMember(roomId: string, username: string): Promise<boolean>;
  /** Canonical names of the members, sorted without regard to case. */
  members(roomId: string): Promise<string[]>;
  memberCount(roomId: string): Promise<number>;
  /** The rooms `username` is a member of, sorted by name. */
  roomsOf(username: string): Promise<RoomRecord[]>;
  /** How many rooms `username` owns. */
  countOwned(username: string): Promise<number>;
  /** Every membership of every room, by canonical room name: what the edge's in-memory index starts from. */
  allMemberships(): Promise<Array<{ room: string; username: string }>>;
  /** Records an invitation (again: no change). */
  invite(roomId: string, username: string, by: string): Promise<void>;
  isInvited(roomId: string, username: string): Promise<boolean>;
  /** Sets or lifts (null) a user's ban from a room. */
  setBan(roomId: string, username: string, ban: Restriction | null): Promise<void>;
  /** The user's ban from the room, expired or not; null when none. */
  banOf(roomId: string, username: string): Promise<Restriction | null>;
}

/** The conversation key of a room's messages: by its id, so that a new room of a deleted one's name starts empty. */
export function roomConversation(roomId: string): string {
  return `r:${roomId}`;
}

/** One conversation's unread count, by its conversation key. */
export interface UnreadRow {
  conversation: string;
  count: number;
}

/**
 * How far each user has read each conversation: a `seq` per (user, conversation key), which only
 * moves forward. Unread counts are read off it.
 */
export interface ReadMarksRepository {
  /** Moves the mark forward to `seq` (never back); resolves with the mark now. */
  mark(username: string, conversation: string, seq: number): Promise<number>;
  /** The mark, null when the user never read the conversation. */
  markOf(username: string, conversation: string): Promise<number | null>;
  /**
   * The conversations with messages after the user's mark, each counted up to `cap`, counts above
   * 0 only: the private and group conversations the user takes part in (all their messages when
   * there is no mark), and the `others` named (everyone's, the user's rooms), which count nothing
   * until they have a mark.
   */
  unread(username: string, others: readonly string[], cap: number): Promise<UnreadRow[]>;
  /** Every user's mark of one conversation, by lower-cased name. */
  marksOf(conversation: string): Promise<Array<{ username: string; seq: number }>>;
}

/** Everything the services need from storage. One implementation per store (SQLite, MongoDB). */
export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly users: UsersRepository;
  readonly messages: MessagesRepository;
  readonly files: FilesRepository;
  readonly audit: AuditRepository;
  readonly scores: ScoresRepository;
  readonly snapshots: SnapshotsRepository;
  readonly music: MusicTracksRepository;
  readonly rooms: RoomsRepository;
  readonly reads: ReadMarksRepository;
  readonly sessions: SessionsRepository;
  /** Reachability, for health checks. */
  ping(): Promise<boolean>;
  /**
   * What is wrong with the stored data, in words, or null: for health checks, so that a damaged
   * store shows there and not only as failing requests.
   */
  verify(): Promise<string | null>;
  close(): Promise<void>;
}
