import type { InsertManyOptions, Model } from 'mongoose';

import { messageLimit } from '../paging';
import type { MessagesRepository, NewMessage, StoredMessage } from '../repositories';
import { insertedBeforeFailure } from './mongo.errors';
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
    return { ...toStored(fields), seq };
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
          ...(rooms.length > 0 ? [{ conversation: { $in: rooms }, seq: { $gt: after } }] : []),
        ],
      })
      .sort({ seq: 1 })
      .limit(max)
      .lean<MessageDoc[]>()
      .exec();
    return docs.map(toStoredDoc);
  }

  public async history(
    conversation: string,
    before: number | undefined,
    limit: number,
  ): Promise<StoredMessage[]> {
    const max = messageLimit(limit);
    if (max === 0) return [];
    const filter = before === undefined ? { conversation } : { conversation, seq: { $lt: before } };
    const newestFirst = await this.messages
      .find(filter)
      .sort({ seq: -1 })
      .limit(max)
      .lean<MessageDoc[]>()
      .exec();
    return newestFirst.reverse().map(toStoredDoc);
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
    return latest.map(toStoredDoc);
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
  };
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
  };
}

function toStoredDoc(doc: MessageDoc): StoredMessage {
  return { ...toStored(doc), seq: doc.seq };
}
