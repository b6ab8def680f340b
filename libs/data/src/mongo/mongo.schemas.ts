import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { WriteConcern } from 'mongodb';
import { Schema as MongooseSchema } from 'mongoose';

import type { CallInfo, MediaInfo, MessageKind, Recipient, Role } from '@chat/protocol';

import type { GameName, UpdateInfo } from '../repositories';

/**
 * Acknowledged by a majority of the replica set and in its journal: a write that resolves
 * survives the loss of the primary and a restart. On a standalone server "majority" is itself.
 */
export const DURABLE: WriteConcern = { w: 'majority', j: true };

@Schema({ _id: false, versionKey: false })
export class RestrictionDoc {
  @Prop({ type: String, default: null })
  public reason!: string | null;

  @Prop({ type: String, required: true })
  public by!: string;

  @Prop({ type: Date, required: true })
  public at!: Date;

  @Prop({ type: Date, default: null })
  public until!: Date | null;
}
export const RestrictionSchema = SchemaFactory.createForClass(RestrictionDoc);

@Schema({ collection: 'users', versionKey: false, writeConcern: DURABLE })
export class UserDoc {
  @Prop({ type: String, required: true })
  public username!: string;

  /** The unique key: names are unique without regard to case. */
  @Prop({ type: String, required: true })
  public usernameLower!: string;

  @Prop({ type: String, required: true, enum: ['user', 'admin'] })
  public role!: Role;

  @Prop({ type: String, required: true })
  public passwordHash!: string;

  @Prop({ type: Date, required: true })
  public createdAt!: Date;

  @Prop({ type: Date, default: null })
  public lastSeen!: Date | null;

  @Prop({ type: RestrictionSchema, default: null })
  public ban!: RestrictionDoc | null;

  @Prop({ type: RestrictionSchema, default: null })
  public mute!: RestrictionDoc | null;

  /** Read receipts turned off (absent: on). */
  @Prop({ type: Boolean, default: undefined })
  public receiptsOff?: boolean;

  /** Bumped to void every token issued before (absent: 0, as for users from before it). */
  @Prop({ type: Number, default: undefined })
  public tokenVersion?: number;
  /** What the name looks like (`nameSkeleton`, TR39), to refuse look-alikes; absent on users from before it until the store fills it in. */
  @Prop({ type: String, default: undefined })
  public nameSkeleton?: string;

  /** Set when the account was deleted: the document stays as a tombstone that keeps the name. */
  @Prop({ type: Date, default: undefined })
  public deletedAt?: Date;
}
export const UserSchema = SchemaFactory.createForClass(UserDoc);
UserSchema.index({ usernameLower: 1 }, { unique: true });
UserSchema.index({ nameSkeleton: 1, usernameLower: 1 });

@Schema({ _id: false, versionKey: false })
export class FileInfoDoc {
  @Prop({ type: String, required: true })
  public id!: string;

  @Prop({ type: String, required: true })
  public name!: string;

  @Prop({ type: Number, required: true })
  public size!: number;

  @Prop({ type: String, required: true })
  public sha256!: string;

  @Prop({ type: String, required: true })
  public mime!: string;

  /** A processed file's media (protocol.md §10), as the message carries it. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: undefined })
  public media?: MediaInfo;
}
export const FileInfoSchema = SchemaFactory.createForClass(FileInfoDoc);

@Schema({ collection: 'messages', versionKey: false, writeConcern: DURABLE })
export class MessageDoc {
  @Prop({ type: Number, required: true })
  public seq!: number;

  @Prop({ type: String, required: true })
  public msgId!: string;

  @Prop({ type: Date, required: true })
  public ts!: Date;

  @Prop({ type: String, required: true })
  public from!: string;

  /** `"*"`, a name, or names, exactly as addressed. */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  public to!: Recipient;

  @Prop({ type: String, required: true, enum: ['all', 'private', 'group', 'room'] })
  public kind!: MessageKind;

  @Prop({ type: String, default: null })
  public text!: string | null;

  @Prop({ type: FileInfoSchema, default: null })
  public file!: FileInfoDoc | null;

  /** A call's outcome (protocol.md §11) on a call's message. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: undefined })
  public call?: CallInfo;

  /** Canonical names, as handed in and handed back. */
  @Prop({ type: [String], default: [] })
  public participants!: string[];

  /** Lower-cased participants, the key of "what may this user see". Empty for kind `all`. */
  @Prop({ type: [String], default: [] })
  public participantsLower!: string[];

  @Prop({ type: String, required: true })
  public conversation!: string;

  @Prop({ type: Boolean, default: undefined })
  public me?: boolean;

  /** The msgId of the message this one answers. */
  @Prop({ type: String, default: undefined })
  public replyTo?: string;

  @Prop({ type: Date, default: undefined })
  public edited?: Date;

  @Prop({ type: Boolean, default: undefined })
  public deleted?: boolean;

  /** Emoji in the order first given, each with who gave it (canonical and lower-cased names). */
  @Prop({ type: MongooseSchema.Types.Mixed, default: undefined })
  public reactions?: Array<{ emoji: string; users: string[]; usersLower: string[] }>;

  /** Set on a change to a message rather than a message: what, to which, by whom. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: undefined })
  public update?: UpdateInfo;

  /** A change's private and group readers, apart from participantsLower (which lists messages only). */
  @Prop({ type: [String], default: undefined })
  public updateParticipantsLower?: string[];
}
export const MessageSchema = SchemaFactory.createForClass(MessageDoc);
MessageSchema.index({ msgId: 1 });
MessageSchema.index({ updateParticipantsLower: 1, seq: 1 }, { sparse: true });
MessageSchema.index({ text: 'text' }, { default_language: 'none' });
MessageSchema.index({ seq: 1 }, { unique: true });
MessageSchema.index({ conversation: 1, seq: 1 });
MessageSchema.index({ participantsLower: 1, seq: 1 });
MessageSchema.index({ 'file.id': 1 }, { partialFilterExpression: { 'file.id': { $exists: true } } });

/** Atomic counters; `_id: 'messages'` holds the last seq handed out. */
@Schema({ collection: 'counters', versionKey: false, writeConcern: DURABLE })
export class CounterDoc {
  @Prop({ type: String, required: true })
  public _id!: string;

  // No default: on an upsert mongoose would add it as $setOnInsert, clashing with the $inc.
  @Prop({ type: Number, required: true })
  public seq!: number;
}
export const CounterSchema = SchemaFactory.createForClass(CounterDoc);

@Schema({ collection: 'files', versionKey: false, writeConcern: DURABLE })
export class FileDoc {
  /** The file id. */
  @Prop({ type: String, required: true })
  public _id!: string;

  @Prop({ type: String, required: true })
  public name!: string;

  @Prop({ type: Number, required: true })
  public size!: number;

  @Prop({ type: String, required: true })
  public sha256!: string;

  @Prop({ type: String, required: true })
  public mime!: string;

  @Prop({ type: String, required: true })
  public owner!: string;

  @Prop({ type: Date, required: true })
  public createdAt!: Date;

  /** A processed file's media (protocol.md §10), as messages carry it. */
  @Prop({ type: Object })
  public media?: MediaInfo;

  /** The file this one is read through (a picture's thumbnail names its picture). */
  @Prop({ type: String })
  public parentId?: string;
}
export const FileSchema = SchemaFactory.createForClass(FileDoc);

// minimize: false keeps `details: {}` rather than dropping the empty object.
@Schema({ collection: 'audit', versionKey: false, minimize: false, writeConcern: DURABLE })
export class AuditDoc {
  @Prop({ type: Date, required: true })
  public at!: Date;

  @Prop({ type: String, required: true })
  public actor!: string;

  /** Filters match names without regard to case, as SQLite's NOCASE columns do. */
  @Prop({ type: String, required: true })
  public actorLower!: string;

  @Prop({ type: String, required: true })
  public action!: string;

  @Prop({ type: String, default: null })
  public target!: string | null;

  @Prop({ type: String, default: null })
  public targetLower!: string | null;

  @Prop({ type: String, default: null })
  public reason!: string | null;

  @Prop({ type: MongooseSchema.Types.Mixed, default: () => ({}) })
  public details!: Record<string, unknown>;
}
export const AuditSchema = SchemaFactory.createForClass(AuditDoc);
AuditSchema.index({ at: -1, _id: -1 });
AuditSchema.index({ actorLower: 1, at: -1, _id: -1 });
AuditSchema.index({ targetLower: 1, at: -1, _id: -1 });
AuditSchema.index({ action: 1, at: -1, _id: -1 });

@Schema({ collection: 'snapshots', versionKey: false, writeConcern: DURABLE })
export class SnapshotDoc {
  /** The snapshot id. */
  @Prop({ type: String, required: true })
  public _id!: string;

  @Prop({ type: String, required: true })
  public owner!: string;

  /** Every query is scoped to it. */
  @Prop({ type: String, required: true })
  public ownerLower!: string;

  @Prop({ type: String, required: true })
  public fileId!: string;

  @Prop({ type: String, required: true })
  public thumbId!: string;

  @Prop({ type: String, required: true })
  public name!: string;

  @Prop({ type: String, required: true })
  public mime!: string;

  @Prop({ type: Number, required: true })
  public size!: number;

  @Prop({ type: Number, required: true })
  public width!: number;

  @Prop({ type: Number, required: true })
  public height!: number;

  @Prop({ type: Date, required: true })
  public createdAt!: Date;
}
export const SnapshotSchema = SchemaFactory.createForClass(SnapshotDoc);
SnapshotSchema.index({ ownerLower: 1, createdAt: -1, _id: -1 });

@Schema({ collection: 'music_tracks', versionKey: false, writeConcern: DURABLE })
export class MusicTrackDoc {
  /** The track id. */
  @Prop({ type: String, required: true })
  public _id!: string;

  @Prop({ type: String, required: true })
  public title!: string;

  @Prop({ type: String, required: true })
  public fileId!: string;

  @Prop({ type: Number, required: true })
  public durationMs!: number;

  @Prop({ type: String, required: true })
  public mime!: string;

  @Prop({ type: String, required: true })
  public addedBy!: string;

  @Prop({ type: Date, required: true })
  public addedAt!: Date;
}
export const MusicTrackSchema = SchemaFactory.createForClass(MusicTrackDoc);
MusicTrackSchema.index({ fileId: 1 });
MusicTrackSchema.index({ addedAt: 1, _id: 1 });

@Schema({ collection: 'scores', versionKey: false, writeConcern: DURABLE })
export class ScoreDoc {
  @Prop({ type: String, required: true, enum: ['snake'] })
  public game!: GameName;

  @Prop({ type: String, required: true })
  public username!: string;

  /** Players are told apart without regard to case, as SQLite's NOCASE column does. */
  @Prop({ type: String, required: true })
  public usernameLower!: string;

  @Prop({ type: Number, required: true })
  public score!: number;

  @Prop({ type: Date, required: true })
  public at!: Date;
}
export const ScoreSchema = SchemaFactory.createForClass(ScoreDoc);
// Each player's scores best first: a player's best is one seek, the leaderboard one pass over the index.
ScoreSchema.index({ game: 1, usernameLower: 1, score: -1, at: 1, _id: 1 });

/** Model names, as `MongooseModule.forFeature` registers them and `getModelToken` finds them. */
/** A named room (protocol.md §12). */
@Schema({ collection: 'rooms', versionKey: false, writeConcern: DURABLE })
export class RoomDoc {
  /** The room id; its messages' conversation is `r:<id>`. */
  @Prop({ type: String, required: true })
  public _id!: string;

  /** Canonical (lower-case) name: unique. */
  @Prop({ type: String, required: true })
  public name!: string;

  @Prop({ type: String, default: '' })
  public topic!: string;

  @Prop({ type: Boolean, required: true })
  public private!: boolean;

  @Prop({ type: String, required: true })
  public owner!: string;

  @Prop({ type: String, required: true })
  public ownerLower!: string;

  @Prop({ type: Date, required: true })
  public createdAt!: Date;
}
export const RoomSchema = SchemaFactory.createForClass(RoomDoc);
RoomSchema.index({ name: 1 }, { unique: true });
RoomSchema.index({ ownerLower: 1 });

/** One member of one room; indexed both ways (a room's members, a user's rooms). */
@Schema({ collection: 'room_members', versionKey: false, writeConcern: DURABLE })
export class RoomMemberDoc {
  @Prop({ type: String, required: true })
  public roomId!: string;

  /** The room's name, kept beside its id (rooms are never renamed) for the edge's index at start. */
  @Prop({ type: String, required: true })
  public room!: string;

  @Prop({ type: String, required: true })
  public usernameLower!: string;

  @Prop({ type: String, required: true })
  public username!: string;

  @Prop({ type: Date, required: true })
  public joinedAt!: Date;
}
export const RoomMemberSchema = SchemaFactory.createForClass(RoomMemberDoc);
RoomMemberSchema.index({ roomId: 1, usernameLower: 1 }, { unique: true });
RoomMemberSchema.index({ usernameLower: 1, roomId: 1 });

/** An invitation to a room, or a ban from one: one per (room, user) each. */
@Schema({ collection: 'room_invites', versionKey: false, writeConcern: DURABLE })
export class RoomInviteDoc {
  @Prop({ type: String, required: true })
  public roomId!: string;

  @Prop({ type: String, required: true })
  public usernameLower!: string;

  @Prop({ type: String, required: true })
  public by!: string;

  @Prop({ type: Date, required: true })
  public at!: Date;
}
export const RoomInviteSchema = SchemaFactory.createForClass(RoomInviteDoc);
RoomInviteSchema.index({ roomId: 1, usernameLower: 1 }, { unique: true });

@Schema({ collection: 'room_bans', versionKey: false, writeConcern: DURABLE })
export class RoomBanDoc {
  @Prop({ type: String, required: true })
  public roomId!: string;

  @Prop({ type: String, required: true })
  public usernameLower!: string;

  @Prop({ type: RestrictionSchema, required: true })
  public ban!: RestrictionDoc;
}
export const RoomBanSchema = SchemaFactory.createForClass(RoomBanDoc);
RoomBanSchema.index({ roomId: 1, usernameLower: 1 }, { unique: true });

/** How far one user has read one conversation (by its key). */
@Schema({ collection: 'read_marks', versionKey: false, writeConcern: DURABLE })
export class ReadMarkDoc {
  @Prop({ type: String, required: true })
  public usernameLower!: string;

  @Prop({ type: String, required: true })
  public conversation!: string;

  @Prop({ type: Number, required: true })
  public seq!: number;
}
export const ReadMarkSchema = SchemaFactory.createForClass(ReadMarkDoc);
ReadMarkSchema.index({ usernameLower: 1, conversation: 1 }, { unique: true });
ReadMarkSchema.index({ conversation: 1 });

/** One signed-in session (SessionRecord); `_id` is its id. */
@Schema({ collection: 'sessions', versionKey: false, writeConcern: DURABLE })
export class SessionDoc {
  @Prop({ type: String, required: true })
  public _id!: string;

  @Prop({ type: String, required: true })
  public username!: string;

  @Prop({ type: String, required: true })
  public usernameLower!: string;

  @Prop({ type: Date, required: true })
  public createdAt!: Date;

  @Prop({ type: Date, required: true })
  public lastSeen!: Date;

  @Prop({ type: String, required: true })
  public transport!: string;

  @Prop({ type: String, default: null })
  public userAgent!: string | null;

  @Prop({ type: String, default: null })
  public address!: string | null;
}
export const SessionSchema = SchemaFactory.createForClass(SessionDoc);
SessionSchema.index({ usernameLower: 1, lastSeen: -1 });

export const MODEL_NAMES = {
  users: 'ChatUser',
  messages: 'ChatMessage',
  counters: 'ChatCounter',
  files: 'ChatFile',
  audit: 'ChatAudit',
  scores: 'ChatScore',
  music: 'ChatMusicTrack',
  snapshots: 'ChatSnapshot',
  rooms: 'ChatRoom',
  roomMembers: 'ChatRoomMember',
  roomInvites: 'ChatRoomInvite',
  roomBans: 'ChatRoomBan',
  reads: 'ChatReadMark',
  sessions: 'ChatSession',
} as const;

/** What `MongooseModule.forFeature` takes, and what the standalone factory registers by hand. */
export const MONGO_FEATURES = [
  { name: MODEL_NAMES.users, schema: UserSchema },
  { name: MODEL_NAMES.messages, schema: MessageSchema },
  { name: MODEL_NAMES.counters, schema: CounterSchema },
  { name: MODEL_NAMES.scores, schema: ScoreSchema },
  { name: MODEL_NAMES.files, schema: FileSchema },
  { name: MODEL_NAMES.music, schema: MusicTrackSchema },
  { name: MODEL_NAMES.audit, schema: AuditSchema },
  { name: MODEL_NAMES.snapshots, schema: SnapshotSchema },
  { name: MODEL_NAMES.rooms, schema: RoomSchema },
  { name: MODEL_NAMES.roomMembers, schema: RoomMemberSchema },
  { name: MODEL_NAMES.roomInvites, schema: RoomInviteSchema },
  { name: MODEL_NAMES.roomBans, schema: RoomBanSchema },
  { name: MODEL_NAMES.reads, schema: ReadMarkSchema },
  { name: MODEL_NAMES.sessions, schema: SessionSchema },
];
