import type { Model, QueryFilter } from 'mongoose';

import { ChatError, nameSkeleton, Role } from '@chat/protocol';

import { pageWindow } from '../paging';
import type { NewUser, Page, Restriction, UserQuery, UserRecord, UsersRepository } from '../repositories';
import { escapeRegExp, isDuplicateKey } from './mongo.errors';
import { DURABLE, RestrictionDoc, UserDoc } from './mongo.schemas';

/** Deleted accounts stay as documents (their names stay reserved) but no look-up finds them. */
const LIVE = { deletedAt: { $exists: false } } as const;

export class MongoUsersRepository implements UsersRepository {
  constructor(private readonly model: Model<UserDoc>) {}

  /** Fills in the name skeleton of users stored before it existed (a no-op once done). */
  public async init(): Promise<void> {
    const missing = await this.model
      .find({ nameSkeleton: { $exists: false } }, { username: 1, usernameLower: 1 })
      .lean<Pick<UserDoc, 'username' | 'usernameLower'>[]>()
      .exec();
    if (missing.length === 0) return;
    await this.model.bulkWrite(
      missing.map((doc) => ({
        updateOne: {
          filter: { usernameLower: doc.usernameLower },
          update: { $set: { nameSkeleton: nameSkeleton(doc.username) } },
        },
      })),
      { writeConcern: DURABLE },
    );
  }

  public async create(user: NewUser): Promise<UserRecord> {
    const doc: UserDoc = {
      username: user.username,
      usernameLower: user.username.toLowerCase(),
      role: user.role,
      passwordHash: user.passwordHash,
      createdAt: new Date(),
      lastSeen: null,
      ban: null,
      mute: null,
      nameSkeleton: nameSkeleton(user.username),
    };
    try {
      await this.model.create(doc);
    } catch (err) {
      if (isDuplicateKey(err)) throw new ChatError('USER_EXISTS');
      throw err;
    }
    return toUser(doc);
  }

  public async findByName(username: string): Promise<UserRecord | null> {
    const doc = await this.model
      .findOne({ usernameLower: username.toLowerCase(), ...LIVE })
      .lean<UserDoc>()
      .exec();
    return doc ? toUser(doc) : null;
  }

  public async findBySkeleton(skeleton: string): Promise<UserRecord | null> {
    const doc = await this.model
      .findOne({ nameSkeleton: skeleton })
      .sort({ usernameLower: 1 })
      .lean<UserDoc>()
      .exec();
    return doc ? toUser(doc) : null;
  }

  public async findManyByNames(usernames: readonly string[]): Promise<UserRecord[]> {
    if (usernames.length === 0) return [];
    const lowered = [...new Set(usernames.map((name) => name.toLowerCase()))];
    const docs = await this.model
      .find({ usernameLower: { $in: lowered }, ...LIVE })
      .sort({ usernameLower: 1 })
      .lean<UserDoc[]>()
      .exec();
    return docs.map(toUser);
  }

  public async list(query: UserQuery): Promise<Page<UserRecord>> {
    const { offset, limit } = pageWindow(query);
    const filter: QueryFilter<UserDoc> = query.search
      ? { usernameLower: { $regex: escapeRegExp(query.search.toLowerCase()) }, ...LIVE }
      : LIVE;
    // MongoDB reads limit(0) as "no limit": a page of nothing is asked for nothing.
    const [docs, total] = await Promise.all([
      limit === 0
        ? []
        : this.model
            .find(filter)
            .sort({ usernameLower: 1 })
            .skip(offset)
            .limit(limit)
            .lean<UserDoc[]>()
            .exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { items: docs.map(toUser), total };
  }

  public setRole(username: string, role: Role): Promise<void> {
    return this.update(username, { role });
  }

  public setBan(username: string, ban: Restriction | null): Promise<void> {
    return this.update(username, { ban: toRestrictionDoc(ban) });
  }

  public setMute(username: string, mute: Restriction | null): Promise<void> {
    return this.update(username, { mute: toRestrictionDoc(mute) });
  }

  public async setPasswordHash(username: string, passwordHash: string): Promise<void> {
    const result = await this.model
      .updateOne(
        { usernameLower: username.toLowerCase(), ...LIVE },
        { $set: { passwordHash }, $inc: { tokenVersion: 1 } },
        { writeConcern: DURABLE },
      )
      .exec();
    if (result.matchedCount === 0) throw new ChatError('NO_SUCH_USER');
  }

  public async bumpTokenVersion(username: string): Promise<number> {
    // $inc on a missing field starts from 0, so users from before token versions need no migration.
    const doc = await this.model
      .findOneAndUpdate(
        { usernameLower: username.toLowerCase(), ...LIVE },
        { $inc: { tokenVersion: 1 } },
        { returnDocument: 'after', projection: { tokenVersion: 1 }, writeConcern: DURABLE },
      )
      .lean<Pick<UserDoc, 'tokenVersion'>>()
      .exec();
    if (!doc) throw new ChatError('NO_SUCH_USER');
    return doc.tokenVersion ?? 0;
  }

  public setReceipts(username: string, on: boolean): Promise<void> {
    return this.update(username, { receiptsOff: !on });
  }

  public touchLastSeen(username: string, at: Date): Promise<void> {
    return this.update(username, { lastSeen: at });
  }

  public count(): Promise<number> {
    return this.model.countDocuments(LIVE).exec();
  }

  public countAdmins(): Promise<number> {
    return this.model.countDocuments({ role: 'admin', ...LIVE }).exec();
  }

  public async markDeleted(username: string, at: Date): Promise<void> {
    const result = await this.model
      .updateOne(
        { usernameLower: username.toLowerCase(), ...LIVE },
        {
          $set: { deletedAt: at, passwordHash: '', role: 'user', ban: null, mute: null },
          $inc: { tokenVersion: 1 },
        },
        { writeConcern: DURABLE },
      )
      .exec();
    if (result.matchedCount === 0) throw new ChatError('NO_SUCH_USER');
  }

  private async update(username: string, fields: Partial<UserDoc>): Promise<void> {
    const result = await this.model
      .updateOne(
        { usernameLower: username.toLowerCase(), ...LIVE },
        { $set: fields },
        { writeConcern: DURABLE },
      )
      .exec();
    if (result.matchedCount === 0) throw new ChatError('NO_SUCH_USER');
  }
}

function toRestrictionDoc(restriction: Restriction | null): RestrictionDoc | null {
  if (!restriction) return null;
  return { reason: restriction.reason, by: restriction.by, at: restriction.at, until: restriction.until };
}

function toRestriction(doc: RestrictionDoc | null | undefined): Restriction | null {
  if (!doc) return null;
  return { reason: doc.reason ?? null, by: doc.by, at: doc.at, until: doc.until ?? null };
}

function toUser(doc: UserDoc): UserRecord {
  return {
    username: doc.username,
    passwordHash: doc.passwordHash,
    role: doc.role,
    createdAt: doc.createdAt,
    lastSeen: doc.lastSeen ?? null,
    ban: toRestriction(doc.ban),
    mute: toRestriction(doc.mute),
    receipts: doc.receiptsOff !== true,
    tokenVersion: doc.tokenVersion ?? 0,
    deletedAt: doc.deletedAt ?? null,
  };
}
