import { z } from 'zod';

import { ErrorFrame } from './errors';
import {
  CALL_MEDIA,
  CallMedia,
  HISTORY_MAX_LIMIT,
  Limits,
  MAX_CALL_INVITEES,
  MAX_ID_LENGTH,
  MAX_MEDIA_TYPE_LENGTH,
  MAX_MINUTES,
  MAX_PASSWORD_LENGTH,
  MAX_QUERY_LENGTH,
  MAX_REACTION_LENGTH,
  MAX_REASON_LENGTH,
  MAX_RECIPIENT_LENGTH,
  MAX_RECIPIENTS,
  MAX_ROOM_INPUT_LENGTH,
  MAX_TOPIC_LENGTH,
  MAX_USERNAME_INPUT_LENGTH,
  MEDIA_KINDS,
  MEDIA_TYPE_PATTERN,
  MEDIA_TYPE_RULE,
  SEARCH_MAX_LIMIT,
} from './limits';

// ---------------------------------------------------------------------------
// Client frames: one zod schema each. The schemas are the single validation of
// the wire format; domain rules (name pattern, text length, ...) live in services.
// ---------------------------------------------------------------------------

const id = z.string().max(MAX_ID_LENGTH).optional();
const seq = z.number().int().nonnegative();
const name = z.string().min(1).max(256);
/** `"*"`, one user name, or a non-empty list of user names. */
export const recipientSchema = z.union([
  z.string().min(1).max(MAX_RECIPIENT_LENGTH),
  z.array(z.string().min(1).max(MAX_RECIPIENT_LENGTH)).min(1).max(MAX_RECIPIENTS),
]);
const user = z.string().max(MAX_USERNAME_INPUT_LENGTH);
const password = z.string().max(MAX_PASSWORD_LENGTH);
const reason = z.string().max(MAX_REASON_LENGTH).optional();
const minutes = z.number().positive().max(MAX_MINUTES).optional();
const callId = z.string().min(1).max(128);
/** A room name as a request carries it; its rule (ROOM_NAME_PATTERN) is the rooms service's: INVALID_ROOM. */
const room = z.string().min(1).max(MAX_ROOM_INPUT_LENGTH);
const topic = z.string().max(MAX_TOPIC_LENGTH);
const msgId = z.string().min(1).max(128);

export const clientFrameSchemas = {
  hello: z.object({ type: z.literal('hello'), id }),
  register: z.object({
    type: z.literal('register'),
    id,
    user,
    password,
  }),
  login: z.object({
    type: z.literal('login'),
    id,
    user: user.optional(),
    password: password.optional(),
    token: z.string().max(4096).optional(),
    since: seq.optional(),
  }),
  /** `everywhere` (this server's addition): also void every token of the user and end their other sessions. */
  logout: z.object({ type: z.literal('logout'), id, everywhere: z.boolean().optional() }),
  ping: z.object({ type: z.literal('ping'), id }),
  who: z.object({ type: z.literal('who'), id }),
  send: z.object({
    type: z.literal('send'),
    id,
    to: recipientSchema,
    text: z.string().optional(),
    fileId: z.string().min(1).max(128).optional(),
    /** The msgId of a message of the same conversation this one answers (this server's addition). */
    replyTo: msgId.optional(),
    /** An action (`/me waves`): shown as `* alice waves` (this server's addition). */
    me: z.boolean().optional(),
  }),
  history: z.object({
    type: z.literal('history'),
    id,
    with: recipientSchema,
    before: seq.optional(),
    limit: z.number().int().min(1).max(HISTORY_MAX_LIMIT).optional(),
  }),
  'file.offer': z.object({
    type: z.literal('file.offer'),
    id,
    name,
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex digits'),
    mime: z.string().max(MAX_MEDIA_TYPE_LENGTH).regex(MEDIA_TYPE_PATTERN, MEDIA_TYPE_RULE).optional(),
    /** Ask the server to process the upload as a voice message or a picture (§10). */
    media: z.enum(MEDIA_KINDS).optional(),
  }),
  'file.chunk': z.object({
    type: z.literal('file.chunk'),
    id,
    upload: z.string().min(1).max(128),
    offset: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
  }),
  'file.done': z.object({ type: z.literal('file.done'), id, upload: z.string().min(1).max(128) }),
  'file.get': z.object({
    type: z.literal('file.get'),
    id,
    fileId: z.string().min(1).max(128),
    offset: z.number().int().nonnegative().optional(),
  }),
  kick: z.object({ type: z.literal('kick'), id, user, reason }),
  ban: z.object({ type: z.literal('ban'), id, user, reason, minutes }),
  unban: z.object({ type: z.literal('unban'), id, user }),
  mute: z.object({ type: z.literal('mute'), id, user, reason, minutes }),
  unmute: z.object({ type: z.literal('unmute'), id, user }),
  // §11 calls: the edge relays WebRTC signalling between the people of a call.
  'call.invite': z.object({
    type: z.literal('call.invite'),
    id,
    to: z.union([
      z.string().min(1).max(MAX_RECIPIENT_LENGTH),
      z.array(z.string().min(1).max(MAX_RECIPIENT_LENGTH)).min(1).max(MAX_CALL_INVITEES),
    ]),
    media: z.enum(CALL_MEDIA),
  }),
  'call.accept': z.object({ type: z.literal('call.accept'), id, callId }),
  'call.reject': z.object({ type: z.literal('call.reject'), id, callId }),
  'call.signal': z.object({
    type: z.literal('call.signal'),
    id,
    callId,
    to: z.string().min(1).max(MAX_RECIPIENT_LENGTH),
    // Its size (at most MAX_CALL_SIGNAL_BYTES as JSON) is checked by the calls service.
    data: z.looseObject({}),
  }),
  'call.hangup': z.object({ type: z.literal('call.hangup'), id, callId }),
  // §12 rooms. room.kick's `ban`/`minutes`, room.unban, room.delete and room.list's `search` are
  // this server's additions (docs/protocol.md).
  'room.create': z.object({
    type: z.literal('room.create'),
    id,
    room,
    topic: topic.optional(),
    private: z.boolean().optional(),
  }),
  'room.join': z.object({ type: z.literal('room.join'), id, room }),
  'room.leave': z.object({ type: z.literal('room.leave'), id, room }),
  'room.invite': z.object({ type: z.literal('room.invite'), id, room, user }),
  'room.kick': z.object({
    type: z.literal('room.kick'),
    id,
    room,
    user,
    reason,
    /** Also bans the user from the room (for `minutes`, or until lifted): `room.join` then fails BANNED_FROM_ROOM. */
    ban: z.boolean().optional(),
    minutes,
  }),
  'room.unban': z.object({ type: z.literal('room.unban'), id, room, user }),
  'room.topic': z.object({ type: z.literal('room.topic'), id, room, topic }),
  'room.list': z.object({ type: z.literal('room.list'), id, search: z.string().max(64).optional() }),
  'room.members': z.object({ type: z.literal('room.members'), id, room }),
  'room.delete': z.object({ type: z.literal('room.delete'), id, room }),
  // Read state (this server's addition): how far the user has read each conversation.
  read: z.object({ type: z.literal('read'), id, with: recipientSchema, seq: seq }),
  // Edits, deletions and reactions (this server's additions): each is a `message.update` event in
  // the one seq order.
  edit: z.object({ type: z.literal('edit'), id, msgId, text: z.string() }),
  delete: z.object({ type: z.literal('delete'), id, msgId }),
  react: z.object({
    type: z.literal('react'),
    id,
    msgId,
    /** One emoji (its rule, REACTION_PATTERN, is the messages service's: INVALID). */
    emoji: z.string().min(1).max(MAX_REACTION_LENGTH),
    /** Takes the caller's reaction away instead of adding it. */
    remove: z.boolean().optional(),
  }),
  /** "alice is typing…": relayed to the conversation's other people; `stop` when the line was cleared. */
  typing: z.object({ type: z.literal('typing'), id, to: recipientSchema, stop: z.boolean().optional() }),
  /** The read marks of the other people of a private or group conversation (read receipts). */
  receipts: z.object({ type: z.literal('receipts'), id, with: recipientSchema }),
  /** The caller's settings; `receipts: false` sends none of one's own and shows nobody else's. */
  settings: z.object({ type: z.literal('settings'), id, receipts: z.boolean().optional() }),
  search: z.object({
    type: z.literal('search'),
    id,
    q: z.string().min(1).max(MAX_QUERY_LENGTH),
    with: recipientSchema.optional(),
    from: user.optional(),
    before: seq.optional(),
    limit: z.number().int().min(1).max(SEARCH_MAX_LIMIT).optional(),
  }),
} as const;

export type ClientFrameType = keyof typeof clientFrameSchemas;
export const CLIENT_FRAME_TYPES = Object.keys(clientFrameSchemas) as ClientFrameType[];
/** The validated frame of one type, e.g. `ClientFrameOf<'send'>`. */
export type ClientFrameOf<T extends ClientFrameType> = z.infer<(typeof clientFrameSchemas)[T]>;
export type ClientFrame = { [T in ClientFrameType]: ClientFrameOf<T> }[ClientFrameType];
/** What a client may write: validated fields, `type` and optional `id`. */
export type ClientFrameInput<T extends ClientFrameType> = Omit<ClientFrameOf<T>, 'type' | 'id'>;

/** Frames a client may send before logging in. */
export const PUBLIC_FRAME_TYPES: ReadonlySet<string> = new Set(['hello', 'register', 'login', 'ping']);
/** Frames only admins may send. */
export const ADMIN_FRAME_TYPES: ReadonlySet<string> = new Set(['kick', 'ban', 'unban', 'mute', 'unmute']);
/** Frame types followed by a raw byte block of `bytes` bytes. */
export const BLOCK_FRAME_TYPES: ReadonlySet<string> = new Set(['file.chunk', 'file.data']);

// ---------------------------------------------------------------------------
// Server frames.
// ---------------------------------------------------------------------------

export type Recipient = string | string[];
/** `room`: a message to a named room (§12), `to` its name (`"#dev"`), delivered to its members. */
export type MessageKind = 'all' | 'private' | 'group' | 'room';
export type Role = 'user' | 'admin';

/** A processed voice message (§10): its length, and 64 loudness values 0..255 to draw it with. */
export interface VoiceMedia {
  kind: 'voice';
  durationMs: number;
  waveform: number[];
}

/** A processed picture (§10): its size, and the id of its thumbnail (at most THUMBNAIL_PX). */
export interface ImageMedia {
  kind: 'image';
  width: number;
  height: number;
  thumbId: string;
}

export type MediaInfo = VoiceMedia | ImageMedia;

/** How a call went, as its message in the conversation records it (§11). */
export type CallOutcome = 'answered' | 'missed' | 'rejected';

/** A call's message (no text): stored in the conversation of the caller and those invited when it ends. */
export interface CallInfo {
  callId: string;
  media: CallMedia;
  outcome: CallOutcome;
  /** From the first answer to the end; 0 when nobody answered. */
  durationMs: number;
}

/** An RTCIceServer as the browser takes it (`ICE_SERVERS`, or TURN credentials made per call). */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Why a call ended for the connections still in it or ringing (§11). */
export type CallEndReason = 'hangup' | 'rejected' | 'missed' | 'answered-elsewhere';

export interface FileInfo {
  id: string;
  name: string;
  size: number;
  sha256: string;
  mime: string;
  /** Set for a file the server processed as media; clients draw it before downloading a byte. */
  media?: MediaInfo;
}

/**
 * A stored media file as the server describes it after processing: the ok reply to `file.done`
 * of a media upload, and the 201 body of `POST /api/media/voice` and `/api/media/image`.
 */
export interface MediaFileReply {
  fileId: string;
  name: string;
  size: number;
  sha256: string;
  mime: string;
  media: MediaInfo;
}

export interface HelloFrame {
  type: 'hello';
  server: string;
  protocol: number;
  features: string[];
  limits: Limits;
}

export interface MessageFrame {
  type: 'message';
  seq: number;
  msgId: string;
  ts: string;
  from: string;
  to: Recipient;
  kind: MessageKind;
  text?: string;
  file?: FileInfo;
  /** Set on a call's message (§11), which has no text. */
  call?: CallInfo;
  /** An action (`/me waves`). */
  me?: true;
  /** The message this one answers, as it is now. */
  replyTo?: ReplyQuote;
  /** When its text was last edited (ISO 8601). */
  edited?: string;
  /** Deleted: it keeps its place, with no text and no file. */
  deleted?: true;
  /** Its reactions, in the order they were first given. */
  reactions?: Reaction[];
}

/** The message a reply answers: who wrote it and the start of its text (none when deleted). */
export interface ReplyQuote {
  msgId: string;
  seq: number;
  from: string;
  /** At most REPLY_QUOTE_LENGTH characters of its text; absent for a file or call only. */
  text?: string;
  /** Set for a file without text: its name. */
  file?: string;
  deleted?: true;
}

/** One emoji on a message: who gave it, in the order they did (the count is their number). */
export interface Reaction {
  emoji: string;
  users: string[];
}

export type UpdateAction = 'edit' | 'delete' | 'react';

/**
 * A change to a message (this server's addition), in the one seq order with the messages: to the
 * message's conversation, live and through `since`. `from`, `to` and `kind` are the message's, so
 * that a client files it as it files messages; `by` is who acted. It carries the message's new
 * state for what changed: `text` and `edited`, `deleted`, or every `reactions`.
 */
export interface MessageUpdateFrame {
  type: 'message.update';
  seq: number;
  ts: string;
  action: UpdateAction;
  msgId: string;
  from: string;
  to: Recipient;
  kind: MessageKind;
  by: string;
  text?: string;
  edited?: string;
  deleted?: true;
  reactions?: Reaction[];
}

/** The frames in the one seq order: what `since` replays and a client counts seq by. */
export type SequencedFrame = MessageFrame | MessageUpdateFrame;

/** Someone is typing in a conversation of the receiver's; a client shows it for TYPING_TTL_MS unless renewed or stopped. */
export interface TypingFrame {
  type: 'typing';
  from: string;
  /** As on a message: the receiver's name for a private conversation, the names of a group, `"#room"`, `"*"`. */
  to: Recipient;
  kind: MessageKind;
  stop?: true;
}

/** Someone else of a private or group conversation read it up to `seq` (read receipts). */
export interface ReceiptFrame {
  type: 'receipt';
  /** The conversation as the receiver's `history` takes it. */
  with: Recipient;
  user: string;
  seq: number;
}

/** The caller's settings, as `settings` and the `login` reply give them. */
export interface UserSettings {
  /** Read receipts: sent for one's own reads and shown for others'. On by default. */
  receipts: boolean;
}

export interface PresenceFrame {
  type: 'presence';
  user: string;
  status: 'online' | 'offline';
  count: number;
}

/**
 * Many came and went at once (a log-in storm, an edge restart): one event in place of one
 * `presence` each. `count` is how many are online now; `who` gives the names.
 */
export interface PresenceManyFrame {
  type: 'presence.many';
  count: number;
  /** How many came online, and how many went, since the last presence event. */
  arrived: number;
  left: number;
}

export interface NoticeFrame {
  type: 'notice';
  text: string;
}

export interface KickedFrame {
  type: 'kicked';
  by: string;
  reason?: string;
}

export interface BannedFrame {
  type: 'banned';
  by: string;
  reason?: string;
  /** ISO 8601, or null when the ban lasts until lifted. */
  until: string | null;
}

export interface MutedFrame {
  type: 'muted';
  by: string;
  reason?: string;
  until: string | null;
}

export interface UnmutedFrame {
  type: 'unmuted';
}

/**
 * Ends a `since` replay that had more than REPLAY_MAX messages: only the newest REPLAY_MAX were
 * sent, and those with `after < seq <= until` were not; a client pages them with `history`.
 */
export interface GapFrame {
  type: 'gap';
  after: number;
  until: number;
}

export interface PingFrame {
  type: 'ping';
}

export interface PongFrame {
  type: 'pong';
  re?: string;
}

export interface FileDataFrame {
  type: 'file.data';
  re?: string;
  fileId: string;
  offset: number;
  bytes: number;
}

export interface CallRingFrame {
  type: 'call.ring';
  callId: string;
  from: string;
  media: CallMedia;
  /** Everyone invited, the caller first. */
  participants: string[];
}

export interface CallJoinedFrame {
  type: 'call.joined';
  callId: string;
  user: string;
}

export interface CallSignalFrame {
  type: 'call.signal';
  callId: string;
  from: string;
  data: Record<string, unknown>;
}

export interface CallLeftFrame {
  type: 'call.left';
  callId: string;
  user: string;
}

export interface CallEndedFrame {
  type: 'call.ended';
  callId: string;
  reason: CallEndReason;
}

export type CallEventFrame =
  CallRingFrame | CallJoinedFrame | CallSignalFrame | CallLeftFrame | CallEndedFrame;

/** A room as `room.create`, `room.join`, `room.topic` and `room.list` describe it (§12). */
export interface RoomInfo {
  /** Canonical (lower-case) name, `#` included. */
  room: string;
  /** Empty when none was set. */
  topic: string;
  private: boolean;
  /** Canonical name of its creator. */
  owner: string;
  /** How many members it has. */
  members: number;
  /** Whether the caller is one of them. */
  joined: boolean;
}

/** To the room's members (the one who joined included): someone joined. */
export interface RoomJoinedFrame {
  type: 'room.joined';
  room: string;
  user: string;
}

/** To the room's members and the one who left: someone left, or was removed (`by`, `reason`). */
export interface RoomLeftFrame {
  type: 'room.left';
  room: string;
  user: string;
  /** Set when the user was removed (room.kick): by whom. */
  by?: string;
  reason?: string;
}

/** To the room's members: the topic changed. */
export interface RoomTopicFrame {
  type: 'room.topic';
  room: string;
  topic: string;
  by: string;
}

/** To every connection of an invited user. */
export interface RoomInvitedFrame {
  type: 'room.invited';
  room: string;
  by: string;
}

/** To every connection of a user removed from a room; `until` is set when the removal is also a ban. */
export interface RoomKickedFrame {
  type: 'room.kicked';
  room: string;
  by: string;
  reason?: string;
  /** Set when banned too: ISO 8601, or null when the ban lasts until lifted. */
  until?: string | null;
}

/** To the members of a room an owner or admin deleted (this server's addition). */
export interface RoomDeletedFrame {
  type: 'room.deleted';
  room: string;
  by: string;
}

export type RoomEventFrame =
  RoomJoinedFrame | RoomLeftFrame | RoomTopicFrame | RoomInvitedFrame | RoomKickedFrame | RoomDeletedFrame;

export interface OkFrame {
  type: 'ok';
  re?: string;
  [field: string]: unknown;
}

/** The fields of each successful reply. */
export interface OkReplies {
  hello: Omit<HelloFrame, 'type'>;
  register: { user: string };
  /** `rooms`: the canonical names of the caller's rooms, sorted (§12). */
  login: {
    user: string;
    role: Role;
    token: string;
    online: string[];
    seq: number;
    rooms: string[];
    /** The conversations with unread messages (this server's addition), by the user's read marks. */
    unread: UnreadCount[];
    settings: UserSettings;
  };
  logout: Record<string, never>;
  ping: Record<string, never>;
  who: { online: string[]; count: number };
  send: { seq: number; ts: string; msgId: string };
  history: { messages: MessageFrame[] };
  'file.offer': { upload: string; chunk: number };
  'file.chunk': { upload: string; received: number };
  /** A media upload's reply also carries `name`, `mime` and `media` (MediaFileReply). */
  'file.done': { fileId: string; size: number; sha256: string } & Partial<Omit<MediaFileReply, 'fileId'>>;
  'file.get': { size: number; sha256: string };
  kick: { user: string };
  ban: { user: string; until: string | null };
  unban: { user: string };
  mute: { user: string; until: string | null };
  unmute: { user: string };
  'call.invite': { callId: string; iceServers: IceServer[] };
  /** `participants`: who is in the call already, the one accepting left out. */
  'call.accept': { callId: string; iceServers: IceServer[]; participants: string[] };
  'call.reject': Record<string, never>;
  'call.signal': Record<string, never>;
  'call.hangup': Record<string, never>;
  'room.create': { room: RoomInfo };
  'room.join': { room: RoomInfo };
  'room.leave': { room: string };
  'room.invite': { room: string; user: string };
  'room.kick': { room: string; user: string; until?: string | null };
  'room.unban': { room: string; user: string };
  'room.topic': { room: RoomInfo };
  'room.list': { rooms: RoomInfo[] };
  /** `online`: the members online now; both sorted. */
  'room.members': { members: string[]; online: string[] };
  'room.delete': { room: string };
  /** `seq`: the conversation's read mark now (it only moves forward). */
  read: { with: Recipient; seq: number };
  edit: { msgId: string; seq: number };
  delete: { msgId: string; seq: number };
  react: { msgId: string; seq: number; reactions: Reaction[] };
  typing: Record<string, never>;
  /** The others' read marks, by name; empty when the caller turned receipts off. */
  receipts: { with: Recipient; receipts: { user: string; seq: number }[] };
  settings: UserSettings;
  /** Newest first, the messages as they are now. */
  search: { messages: MessageFrame[] };
}

/** One conversation with messages the user has not read: `with` as `history` takes it. */
export interface UnreadCount {
  with: Recipient;
  /** How many, at most UNREAD_COUNT_CAP. */
  count: number;
}

/** To the user's other connections: a conversation was read up to `seq` (on another device, say). */
export interface ReadFrame {
  type: 'read';
  with: Recipient;
  seq: number;
}

export type EventFrame =
  | HelloFrame
  | MessageFrame
  | PresenceFrame
  | PresenceManyFrame
  | NoticeFrame
  | KickedFrame
  | BannedFrame
  | MutedFrame
  | UnmutedFrame
  | PingFrame
  | CallEventFrame
  | RoomEventFrame
  | ReadFrame
  | MessageUpdateFrame
  | TypingFrame
  | ReceiptFrame
  | GapFrame;

export type ServerFrame = EventFrame | OkFrame | PongFrame | ErrorFrame | FileDataFrame;

/** The room events (§12), for clients that follow the rooms they are in. */
export const ROOM_EVENT_TYPES = [
  'room.joined',
  'room.left',
  'room.topic',
  'room.invited',
  'room.kicked',
  'room.deleted',
] as const satisfies readonly RoomEventFrame['type'][];

/**
 * The events the server sends on its own that the clients pass on to their user (the client core
 * answers `ping` and keeps `hello` itself). One list for the client core's connection and session
 * and the web's observable: a new event is added here and in EventFrame, once.
 */
export const LIVE_EVENT_TYPES = [
  'message',
  'presence',
  'presence.many',
  'notice',
  'kicked',
  'banned',
  'muted',
  'unmuted',
  'call.ring',
  'call.joined',
  'call.signal',
  'call.left',
  'call.ended',
  ...ROOM_EVENT_TYPES,
  'read',
  'message.update',
  'typing',
  'receipt',
  'gap',
] as const satisfies readonly EventFrame['type'][];

export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];
export type LiveEventFrame = Extract<EventFrame, { type: LiveEventType }>;
/** Each live event under its type as an event's arguments: `{ message: [MessageFrame], ... }`. */
export type LiveEventArgs = { [T in LiveEventType]: [Extract<EventFrame, { type: T }>] };
