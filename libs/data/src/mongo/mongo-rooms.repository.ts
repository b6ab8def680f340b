import type { Model, QueryFilter } from 'mongoose';

import { ChatError } from '@chat/protocol';

import { pageWindow } from '../paging';
import type {
  Page,
  Restriction,
  RoomListQuery,
  RoomRecord,
  RoomsRepository,
  RoomSummary,
} from '../repositories';
import { escapeRegExp, isDuplicateKey } from './mongo.errors';
import { DURABLE, RoomBanDoc, RoomDoc, RoomInviteDoc, RoomMemberDoc } from './mongo.schemas';

export interface RoomModels {
  rooms: Model<RoomDoc>;
  roomMembers: Model<RoomMemberDoc>;
  roomInvites: Model<RoomInviteDoc>;
  roomBans: Model<RoomBanDoc>;
}

export class MongoRoomsRepository implements RoomsRepository {
  private readonly rooms: Model<RoomDoc>;
  private readonly memberships: Model<RoomMemberDoc>;
  private readonly invites: Model<RoomInviteDoc>;
  private readonly bans: Model<RoomBanDoc>;

  constructor(models: RoomModels) {
    this.rooms = models.rooms;
    this.memberships = models.roomMembers;
    this.invites = models.roomInvites;
    this.bans = models.roomBans;
  }

  public async create(room: RoomRecord): Promise<RoomRecord> {
    const doc: RoomDoc = {
      _id: room.id,
      name: room.name.toLowerCase(),
      topic: room.topic,
      private: room.private,
      owner: room.owner,
      ownerLower: room.owner.toLowerCase(),
      createdAt: room.createdAt,
    };
    try {
      await this.rooms.create(doc);
    } catch (err) {
      if (isDuplicateKey(err)) throw new ChatError('ROOM_EXISTS', `${room.name} exists already`);
      throw err;
    }
    await this.join(room.id, doc.name, room.owner, room.createdAt);
    return { ...room, name: doc.name };
  }

  public async findByName(name: string): Promise<RoomRecord | null> {
    const doc = await this.rooms.findOne({ name: name.toLowerCase() }).lean<RoomDoc>().exec();
    return doc ? toRoom(doc) : null;
  }

  public async findById(id: string): Promise<RoomRecord | null> {
    const doc = await this.rooms.findById(id).lean<RoomDoc>().exec();
    return doc ? toRoom(doc) : null;
  }

  public async listVisible(username: string, query: RoomListQuery): Promise<Page<RoomSummary>> {
    const mine = await this.memberRoomIds(username.toLowerCase());
    return this.page(
      { $and: [{ $or: [{ private: false }, { _id: { $in: mine } }] }, matching(query.search)] },
      query,
    );
  }

  public async listAll(query: RoomListQuery): Promise<Page<RoomSummary>> {
    return this.page(matching(query.search), query);
  }

  public async setTopic(roomId: string, topic: string): Promise<void> {
    await this.rooms.updateOne({ _id: roomId }, { $set: { topic } }).exec();
  }

  public async delete(roomId: string): Promise<boolean> {
    const { deletedCount } = await this.rooms.deleteOne({ _id: roomId }).exec();
    await Promise.all([
      this.memberships.deleteMany({ roomId }).exec(),
      this.invites.deleteMany({ roomId }).exec(),
      this.bans.deleteMany({ roomId }).exec(),
    ]);
    return deletedCount > 0;
  }

  public async addMember(roomId: string, username: string): Promise<boolean> {
    const room = await this.rooms.findById(roomId, { name: 1 }).lean<Pick<RoomDoc, 'name'>>().exec();
    if (!room) return false;
    await this.invites.deleteOne({ roomId, usernameLower: username.toLowerCase() }).exec();
    return this.join(roomId, room.name, username, new Date());
  }

  public async removeMember(roomId: string, username: string): Promise<boolean> {
    const { deletedCount } = await this.memberships
      .deleteOne({ roomId, usernameLower: username.toLowerCase() })
      .exec();
    return deletedCount > 0;
  }

  public async isMember(roomId: string, username: string): Promise<boolean> {
    return (await this.memberships.exists({ roomId, usernameLower: username.toLowerCase() }).exec()) !== null;
  }

  public async members(roomId: string): Promise<string[]> {
    const docs = await this.memberships
      .find({ roomId }, { username: 1 })
      .sort({ usernameLower: 1 })
      .lean<Pick<RoomMemberDoc, 'username'>[]>()
      .exec();
    return docs.map((d) => d.username);
  }

  public memberCount(roomId: string): Promise<number> {
    return this.memberships.countDocuments({ roomId }).exec();
  }

  public async roomsOf(username: string): Promise<RoomRecord[]> {
    const ids = await this.memberRoomIds(username.toLowerCase());
    const docs = await this.rooms
      .find({ _id: { $in: ids } })
      .sort({ name: 1 })
      .lean<RoomDoc[]>()
      .exec();
    return docs.map(toRoom);
  }

  public countOwned(username: string): Promise<number> {
    return this.rooms.countDocuments({ ownerLower: username.toLowerCase() }).exec();
  }

  public async allMemberships(): Promise<Array<{ room: string; username: string }>> {
    const docs = await this.memberships
      .find({}, { room: 1, username: 1 })
      .lean<Pick<RoomMemberDoc, 'room' | 'username'>[]>()
      .exec();
    return docs.map((d) => ({ room: d.room, username: d.username }));
  }

  public async invite(roomId: string, username: string, by: string): Promise<void> {
    await this.invites
      .updateOne(
        { roomId, usernameLower: username.toLowerCase() },
        { $setOnInsert: { by, at: new Date() } },
        { upsert: true, writeConcern: DURABLE },
      )
      .exec();
  }

  public async isInvited(roomId: string, username: string): Promise<boolean> {
    return (await this.invites.exists({ roomId, usernameLower: username.toLowerCase() }).exec()) !== null;
  }

  public async setBan(roomId: string, username: string, ban: Restriction | null): Promise<void> {
    const key = { roomId, usernameLower: username.toLowerCase() };
    if (ban === null) {
      await this.bans.deleteOne(key).exec();
      return;
    }
    await this.bans.updateOne(key, { $set: { ban } }, { upsert: true, writeConcern: DURABLE }).exec();
  }

  public async banOf(roomId: string, username: string): Promise<Restriction | null> {
    const doc = await this.bans
      .findOne({ roomId, usernameLower: username.toLowerCase() })
      .lean<RoomBanDoc>()
      .exec();
    return doc ? { reason: doc.ban.reason, by: doc.ban.by, at: doc.ban.at, until: doc.ban.until } : null;
  }

  /** Adds a membership; false when it was there (the unique index decides, so two joins at once are one). */
  private async join(roomId: string, room: string, username: string, at: Date): Promise<boolean> {
    const result = await this.memberships
      .updateOne(
        { roomId, usernameLower: username.toLowerCase() },
        { $setOnInsert: { room, username, joinedAt: at } },
        { upsert: true, writeConcern: DURABLE },
      )
      .exec();
    return result.upsertedCount > 0;
  }

  private async memberRoomIds(user: string): Promise<string[]> {
    const docs = await this.memberships
      .find({ usernameLower: user }, { roomId: 1 })
      .lean<Pick<RoomMemberDoc, 'roomId'>[]>()
      .exec();
    return docs.map((d) => d.roomId);
  }

  private async page(filter: QueryFilter<RoomDoc>, query: RoomListQuery): Promise<Page<RoomSummary>> {
    const { offset, limit } = pageWindow(query);
    const [docs, total] = await Promise.all([
      limit === 0
        ? []
        : this.rooms.find(filter).sort({ name: 1 }).skip(offset).limit(limit).lean<RoomDoc[]>().exec(),
      this.rooms.countDocuments(filter).exec(),
    ]);
    const counts = await Promise.all(
      docs.map((d) => this.memberships.countDocuments({ roomId: d._id }).exec()),
    );
    return { items: docs.map((d, i) => ({ ...toRoom(d), members: counts[i] })), total };
  }
}

/** Rooms whose name or topic holds the search text, without regard to case. */
function matching(search: string | undefined): QueryFilter<RoomDoc> {
  if (!search) return {};
  const pattern = { $regex: escapeRegExp(search), $options: 'i' };
  return { $or: [{ name: pattern }, { topic: pattern }] };
}

function toRoom(doc: RoomDoc): RoomRecord {
  return {
    id: doc._id,
    name: doc.name,
    topic: doc.topic ?? '',
    private: doc.private,
    owner: doc.owner,
    createdAt: doc.createdAt,
  };
}
