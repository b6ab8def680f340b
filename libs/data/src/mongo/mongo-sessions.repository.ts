import type { Model } from 'mongoose';

import type { SessionRecord, SessionsRepository } from '../repositories';
import { DURABLE, SessionDoc } from './mongo.schemas';

export class MongoSessionsRepository implements SessionsRepository {
  constructor(private readonly model: Model<SessionDoc>) {}

  public async create(session: SessionRecord): Promise<SessionRecord> {
    await this.model.create({
      _id: session.id,
      username: session.username,
      usernameLower: session.username.toLowerCase(),
      createdAt: session.createdAt,
      lastSeen: session.lastSeen,
      transport: session.transport,
      userAgent: session.userAgent,
      address: session.address,
    } satisfies SessionDoc);
    return { ...session };
  }

  public async find(id: string): Promise<SessionRecord | null> {
    const doc = await this.model.findById(id).lean<SessionDoc>().exec();
    return doc ? toSession(doc) : null;
  }

  public async listOf(username: string): Promise<SessionRecord[]> {
    const docs = await this.model
      .find({ usernameLower: username.toLowerCase() })
      .sort({ lastSeen: -1, _id: 1 })
      .lean<SessionDoc[]>()
      .exec();
    return docs.map(toSession);
  }

  public async touch(id: string, at: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { lastSeen: at } }).exec();
  }

  public async remove(id: string): Promise<boolean> {
    const result = await this.model.deleteOne({ _id: id }, { writeConcern: DURABLE }).exec();
    return result.deletedCount > 0;
  }

  public async removeAllOf(username: string, except?: string): Promise<string[]> {
    const filter = {
      usernameLower: username.toLowerCase(),
      ...(except === undefined ? {} : { _id: { $ne: except } }),
    };
    const ids = (await this.model.find(filter, { _id: 1 }).lean<Pick<SessionDoc, '_id'>[]>().exec()).map(
      (doc) => doc._id,
    );
    if (ids.length > 0) await this.model.deleteMany({ _id: { $in: ids } }, { writeConcern: DURABLE }).exec();
    return ids;
  }
}

function toSession(doc: SessionDoc): SessionRecord {
  return {
    id: doc._id,
    username: doc.username,
    createdAt: doc.createdAt,
    lastSeen: doc.lastSeen,
    transport: doc.transport,
    userAgent: doc.userAgent ?? null,
    address: doc.address ?? null,
  };
}
