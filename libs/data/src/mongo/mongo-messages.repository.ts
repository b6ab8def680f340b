import type { InsertManyOptions, Model, QueryFilter } from 'mongoose';

import {
  ChatError,
  DELETED_USER,
  MAX_REACTIONS_PER_MESSAGE,
  REPLY_QUOTE_LENGTH,
  ReplyQuote,
} from '@chat/protocol';

import { messageLimit } from '../paging';
import type {
  MessageChange,
  MessagesRepository,
  NewMessage,
  SearchQuery,
  StoredMessage,
  UpdateInfo,
} from '../repositories';
import { escapeRegExp, insertedBeforeFailure } from './mongo.errors';
import { CounterDoc, DURABLE, MessageDoc, RoomDoc, RoomMemberDoc } from './mongo.schemas';
import { PartialInsertError, SeqBatcher } from './seq-batcher';

/** The counter document that holds the last seq handed out. */
const MESSAGES_COUNTER = 'messages';

type MessageFields = Omit<MessageDoc, 'seq'>;

export class MongoMessagesRepository implements MessagesRepository {
  private readonly batcher: SeqBatcher<MessageFields>;

  constructor(
    private readonly messages: Model<MessageDoc>,
    private readonly counters: Model<CounterDoc>,
    private readonly rooms: Model<RoomDoc>,
    private readonly roomMembers: Model<RoomMemberDoc>,
  ) {
    this.batcher = new SeqBatcher<MessageFields>({
      reserve: (count) => this.reserveSeqs(count),
      insert: (items) => this.insertInOrder(items),
    });
  }

  /**
   * Brings the counter up to the newest stored seq, in case the messages outlived it (a restore
   * of the messages alone): seq must never be handed out twice.
   */
  public async init(): Promise<void> {
    const newest = await this.latestSeq();
    await this.counters
      .updateOne(
        { _id: MESSAGES_COUNTER },
        { $max: { seq: newest } },
        { upsert: true, writeConcern: DURABLE },
      )
      .exec();
  }

  public async append(message: NewMessage): Promise<StoredMessage> {
    const fields = toFields(message);
    // Validated alone, before it joins a batch, so that a bad message fails by itself.
    await new this.messages({ ...fields, seq: 0 }).validate();
    const seq = await this.batcher.submit(fields);
    const stored: StoredMessage = { ...toStored(fields), seq };
    if (fields.replyTo) stored.reply = quoteOf(fields.replyTo, await this.findDoc(fields.replyTo));
    return stored;
  }

  /** Resolves once every append made so far is written. */
  public idle(): Promise<void> {
    return this.batcher.idle();
  }

  public async latestSeq(): Promise<number> {
    const newest = await this.messages
      .findOne({}, { seq: 1 })
      .sort({ seq: -1 })
      .lean<{ seq: number }>()
      .exec();
    return newest?.seq ?? 0;
  }

  public async range(after: number, upTo: number, limit: number): Promise<StoredMessage[]> {
    const max = messageLimit(limit);
    if (max === 0) return [];
    const docs = await this.messages
      .find({ seq: { $gt: after, $lte: upTo } })
      .sort({ seq: 1 })
      .limit(max)
      .lean<MessageDoc[]>()
      .exec();
    return this.decorate(docs);
  }

  public async visibleSince(username: string, after: number, limit: number): Promise<StoredMessage[]> {
    const max = messageLimit(limit);
    if (max === 0) return [];
    const user = username.toLowerCase();
    const rooms = await this.roomConversationsOf(user);
    // The seq bound inside each branch lets each use its own (key, seq) index, merged in order.
    const docs = await this.messages
      .find({
        $or: [
          { conversation: '*', seq: { $gt: after } },
          { participantsLower: user, seq: { $gt: after } },
          { updateParticipantsLower: user, seq: { $gt: after } },
          ...(rooms.length > 0 ? [{ conversation: { $in: rooms }, seq: { $gt: after } }] : []),
        ],
      })
      .sort({ seq: 1 })
      .limit(max)
      .lean<MessageDoc[]>()
      .exec();
    return this.decorate(docs);
  }

  public async replayFloor(username: string, after: number, max: number): Promise<number> {
    const user = username.toLowerCase();
    const rooms = await this.roomConversationsOf(user);
    const [below] = await this.messages
      .find(
        {
          $or: [
            { conversation: '*', seq: { $gt: after } },
            { participantsLower: user, seq: { $gt: after } },
            { updateParticipantsLower: user, seq: { $gt: after } },
            ...(rooms.length > 0 ? [{ conversation: { $in: rooms }, seq: { $gt: after } }] : []),
          ],
        },
        { seq: 1, _id: 0 },
      )
      .sort({ seq: -1 })
      .skip(Math.max(0, Math.floor(max)))
      .limit(1)
      .lean<{ seq: number }[]>()
      .exec();
    return below ? below.seq : after;
  }

  public async history(
    conversation: string,
    before: number | undefined,
    limit: number,
  ): Promise<StoredMessage[]> {
    const max = messageLimit(limit);
    if (max === 0) return [];
    const filter =
      before === undefined
        ? { conversation, update: null }
        : { conversation, update: null, seq: { $lt: before } };
    const newestFirst = await this.messages
      .find(filter)
      .sort({ seq: -1 })
      .limit(max)
      .lean<MessageDoc[]>()
      .exec();
    return this.decorate(newestFirst.reverse());
  }

  public async conversations(username: string, limit: number): Promise<StoredMessage[]> {
    const max = messageLimit(limit);
    if (max === 0) return [];
    const latest = await this.messages
      .aggregate<MessageDoc>([
        // Messages to everyone have no participantsLower, so the '*' conversation never matches.
        // The match and the sort walk the (participantsLower, seq) index backwards, so each
        // group's first document is its newest.
        { $match: { participantsLower: username.toLowerCase() } },
        { $sort: { seq: -1 } },
        { $group: { _id: '$conversation', latest: { $first: '$$ROOT' } } },
        { $sort: { 'latest.seq': -1 } },
        { $limit: max },
        { $replaceWith: '$latest' },
      ])
      .exec();
    return this.decorate(latest);
  }

  public async canSeeFile(username: string, fileId: string): Promise<boolean> {
    const user = username.toLowerCase();
    const seen = await this.messages
      .exists({
        'file.id': fileId,
        $or: [
          { conversation: '*' },
          { participantsLower: user },
          { conversation: { $in: await this.roomConversationsOf(user) } },
        ],
      })
      .exec();
    if (seen !== null) return true;
    // Else a file of a public room, which anyone may read: the rooms of the messages that carry it.
    const inRooms = await this.messages
      .find({ 'file.id': fileId, kind: 'room' }, { conversation: 1 })
      .lean<Pick<MessageDoc, 'conversation'>[]>()
      .exec();
    if (inRooms.length === 0) return false;
    const ids = inRooms.map((m) => m.conversation.slice('r:'.length));
    return (await this.rooms.exists({ _id: { $in: ids }, private: false }).exec()) !== null;
  }

  public async find(msgId: string): Promise<StoredMessage | null> {
    const doc = await this.findDoc(msgId);
    return doc ? (await this.decorate([doc]))[0] : null;
  }

  /**
   * Not one transaction: the target changes first (each step a conditional update, so that two
   * changes at once cannot both pass a check), then the change is appended with the next seq.
   */
  public async change(change: MessageChange): Promise<StoredMessage | null> {
    const target = change.target;
    const live = { msgId: target.msgId, update: null, deleted: { $ne: true } };
    let text: string | null = null;
    if (change.action === 'edit') {
      const done = await this.messages
        .updateOne(live, { $set: { text: change.text, edited: change.ts } }, { writeConcern: DURABLE })
        .exec();
      if (done.matchedCount === 0) throw new ChatError('NO_SUCH_MESSAGE');
      text = change.text;
    } else if (change.action === 'delete') {
      const done = await this.messages
        .updateOne(
          live,
          { $set: { text: null, file: null, deleted: true }, $unset: { call: 1, replyTo: 1, reactions: 1 } },
          { writeConcern: DURABLE },
        )
        .exec();
      if (done.matchedCount === 0) throw new ChatError('NO_SUCH_MESSAGE');
    } else if (!(await this.react(live, change.emoji, change.by, change.remove))) {
      return null;
    }
    const fields: MessageFields = {
      ...toFields({
        msgId: change.msgId,
        ts: change.ts,
        from: target.from,
        to: target.to,
        kind: target.kind,
        text,
        file: null,
        participants: target.participants,
        conversation: target.conversation,
      }),
      participantsLower: [],
      update: { action: change.action, target: target.msgId, by: change.by },
      ...(target.kind === 'private' || target.kind === 'group'
        ? { updateParticipantsLower: [...new Set(target.participants.map((p) => p.toLowerCase()))] }
        : {}),
    };
    const seq = await this.batcher.submit(fields);
    return (await this.decorate([{ ...fields, seq } as MessageDoc]))[0];
  }

  public async eraseSender(username: string): Promise<number> {
    // Scans every message: deleting an account is rare, and no index on the sender is needed otherwise.
    const name = { $regex: `^${escapeRegExp(username)}$`, $options: 'i' };
    const [sent, acted] = await Promise.all([
      this.messages
        .updateMany({ from: name }, { $set: { from: DELETED_USER } }, { writeConcern: DURABLE })
        .exec(),
      this.messages
        .updateMany({ 'update.by': name }, { $set: { 'update.by': DELETED_USER } }, { writeConcern: DURABLE })
        .exec(),
    ]);
    return sent.modifiedCount + acted.modifiedCount;
  }

  public async carriedFiles(fileIds: readonly string[]): Promise<Set<string>> {
    if (fileIds.length === 0) return new Set();
    const ids = await this.messages.distinct('file.id', { 'file.id': { $in: [...fileIds] } }).exec();
    return new Set(ids as string[]);
  }

  public async search(username: string, query: SearchQuery): Promise<StoredMessage[]> {
    if (query.words.length === 0) return [];
    const user = username.toLowerCase();
    const filter: QueryFilter<MessageDoc> = {
      // Each word quoted: the text index then wants all of them (MongoDB has no prefix search).
      $text: { $search: query.words.map((w) => `"${w}"`).join(' ') },
      update: null,
      deleted: { $ne: true },
      $or: [
        { conversation: '*' },
        { participantsLower: user },
        { conversation: { $in: await this.roomConversationsOf(user) } },
      ],
      ...(query.conversation ? { conversation: query.conversation } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.before === undefined ? {} : { seq: { $lt: query.before } }),
    };
    const docs = await this.messages
      .find(filter)
      .sort({ seq: -1 })
      .limit(messageLimit(query.limit))
      .lean<MessageDoc[]>()
      .exec();
    return this.decorate(docs);
  }

  /** Adds or takes back one reaction; false when that changes nothing. */
  private async react(
    live: QueryFilter<MessageDoc>,
    emoji: string,
    by: string,
    remove: boolean,
  ): Promise<boolean> {
    const user = by.toLowerCase();
    if (remove) {
      const done = await this.messages
        .updateOne(
          { ...live, reactions: { $elemMatch: { emoji, usersLower: user } } },
          { $pull: { 'reactions.$.users': by, 'reactions.$.usersLower': user } },
          { writeConcern: DURABLE },
        )
        .exec();
      if (done.modifiedCount === 0) return false;
      await this.messages
        .updateOne(
          { msgId: live.msgId },
          { $pull: { reactions: { usersLower: { $size: 0 } } } },
          { writeConcern: DURABLE },
        )
        .exec();
      return true;
    }
    const joined = await this.messages
      .updateOne(
        { ...live, reactions: { $elemMatch: { emoji, usersLower: { $ne: user } } } },
        { $push: { 'reactions.$.users': by, 'reactions.$.usersLower': user } },
        { writeConcern: DURABLE },
      )
      .exec();
    if (joined.modifiedCount > 0) return true;
    const added = await this.messages
      .updateOne(
        {
          ...live,
          'reactions.emoji': { $ne: emoji },
          [`reactions.${MAX_REACTIONS_PER_MESSAGE - 1}`]: { $exists: false },
        },
        { $push: { reactions: { emoji, users: [by], usersLower: [user] } } },
        { writeConcern: DURABLE },
      )
      .exec();
    if (added.modifiedCount > 0) return true;
    const now = await this.messages.findOne(live).lean<MessageDoc>().exec();
    if (!now) throw new ChatError('NO_SUCH_MESSAGE');
    if (now.reactions?.some((r) => r.emoji === emoji)) return false;
    throw new ChatError(
      'QUOTA_EXCEEDED',
      `At most ${MAX_REACTIONS_PER_MESSAGE} different reactions on a message`,
    );
  }

  private findDoc(msgId: string): Promise<MessageDoc | null> {
    return this.messages.findOne({ msgId, update: null }).lean<MessageDoc>().exec();
  }

  /** Documents as the repository's callers see them: replies quoted, changes with their target's state. */
  private async decorate(docs: MessageDoc[]): Promise<StoredMessage[]> {
    const related = [
      ...new Set(
        docs.flatMap((d) => [d.replyTo, d.update?.action === 'react' ? d.update.target : undefined]),
      ),
    ].filter((id): id is string => id !== undefined);
    const byId = new Map<string, MessageDoc>();
    if (related.length > 0) {
      const found = await this.messages
        .find({ msgId: { $in: related }, update: null })
        .lean<MessageDoc[]>()
        .exec();
      for (const doc of found) byId.set(doc.msgId, doc);
    }
    return docs.map((doc) => {
      const message = toStoredDoc(doc);
      if (doc.update) {
        if (doc.update.action === 'edit') message.edited = doc.ts;
        if (doc.update.action === 'delete') message.deleted = true;
        if (doc.update.action === 'react') message.reactions = reactionsOf(byId.get(doc.update.target));
      } else if (doc.replyTo) {
        message.reply = quoteOf(doc.replyTo, byId.get(doc.replyTo));
      }
      return message;
    });
  }

  /** The conversation keys of the rooms a user is a member of now. */
  private async roomConversationsOf(user: string): Promise<string[]> {
    const docs = await this.roomMembers
      .find({ usernameLower: user }, { roomId: 1 })
      .lean<Pick<RoomMemberDoc, 'roomId'>[]>()
      .exec();
    return docs.map((d) => `r:${d.roomId}`);
  }

  private async reserveSeqs(count: number): Promise<number> {
    const counter = await this.counters
      .findOneAndUpdate(
        { _id: MESSAGES_COUNTER },
        { $inc: { seq: count } },
        { upsert: true, returnDocument: 'after', writeConcern: DURABLE },
      )
      .lean<CounterDoc>()
      .exec();
    if (!counter) throw new Error('The message counter upsert returned nothing');
    return counter.seq;
  }

  private async insertInOrder(items: ReadonlyArray<{ seq: number; item: MessageFields }>): Promise<void> {
    // lean: validated in append() already; ordered: a failure stops at the first bad document,
    // so "the first n were written" is exact.
    const options: InsertManyOptions & { writeConcern: typeof DURABLE } = {
      ordered: true,
      lean: true,
      writeConcern: DURABLE,
    };
    try {
      await this.messages.insertMany(
        items.map(({ seq, item }) => ({ ...item, seq })),
        options,
      );
    } catch (err) {
      throw new PartialInsertError(insertedBeforeFailure(err), err);
    }
  }
}

function toFields(message: NewMessage): MessageFields {
  const participants = [...message.participants];
  return {
    msgId: message.msgId,
    ts: message.ts,
    from: message.from,
    to: message.to,
    kind: message.kind,
    text: message.text,
    file: message.file ? { ...message.file } : null,
    ...(message.call ? { call: { ...message.call } } : {}),
    participants,
    // Everyone sees messages to all through the '*' branch; they need no per-user key.
    participantsLower: message.kind === 'all' ? [] : [...new Set(participants.map((p) => p.toLowerCase()))],
    conversation: message.conversation,
    ...(message.me ? { me: true } : {}),
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
  };
}

function reactionsOf(doc: MessageDoc | undefined): StoredMessage['reactions'] {
  return (doc?.reactions ?? []).map((r) => ({ emoji: r.emoji, users: [...r.users] }));
}

/** The answered message as a reply shows it; a message gone or deleted is `deleted`. */
function quoteOf(msgId: string, doc: MessageDoc | null | undefined): ReplyQuote {
  if (!doc || doc.deleted) return { msgId, seq: doc?.seq ?? 0, from: doc?.from ?? '', deleted: true };
  const quote: ReplyQuote = { msgId, seq: doc.seq, from: doc.from };
  if (doc.text) quote.text = [...doc.text].slice(0, REPLY_QUOTE_LENGTH).join('');
  else if (doc.file) quote.file = doc.file.name;
  return quote;
}

function toStored(fields: MessageFields): Omit<StoredMessage, 'seq'> {
  return {
    msgId: fields.msgId,
    ts: fields.ts,
    from: fields.from,
    to: fields.to,
    kind: fields.kind,
    text: fields.text ?? null,
    file: fields.file
      ? {
          id: fields.file.id,
          name: fields.file.name,
          size: fields.file.size,
          sha256: fields.file.sha256,
          mime: fields.file.mime,
          ...(fields.file.media ? { media: fields.file.media } : {}),
        }
      : null,
    ...(fields.call ? { call: fields.call } : {}),
    participants: fields.participants,
    conversation: fields.conversation,
    ...(fields.me ? { me: true } : {}),
    ...(fields.replyTo ? { replyTo: fields.replyTo } : {}),
    ...(fields.edited ? { edited: fields.edited } : {}),
    ...(fields.deleted ? { deleted: true } : {}),
    ...(fields.reactions && fields.reactions.length > 0
      ? { reactions: reactionsOf(fields as MessageDoc) }
      : {}),
    ...(fields.update ? { update: { ...(fields.update as UpdateInfo) } } : {}),
  };
}

function toStoredDoc(doc: MessageDoc): StoredMessage {
  return { ...toStored(doc), seq: doc.seq };
}
