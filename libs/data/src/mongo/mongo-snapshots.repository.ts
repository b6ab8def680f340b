import type { Model } from 'mongoose';

import { pageWindow } from '../paging';
import type { Page, SnapshotRecord, SnapshotsRepository } from '../repositories';
import { SnapshotDoc } from './mongo.schemas';

export class MongoSnapshotsRepository implements SnapshotsRepository {
  constructor(private readonly model: Model<SnapshotDoc>) {}

  public async create(snapshot: SnapshotRecord): Promise<SnapshotRecord> {
    const { id, ...rest } = snapshot;
    const doc: SnapshotDoc = { _id: id, ...rest, ownerLower: snapshot.owner.toLowerCase() };
    await this.model.create(doc);
    return toSnapshot(doc);
  }

  public async list(
    owner: string,
    query: { offset?: number; limit?: number },
  ): Promise<Page<SnapshotRecord>> {
    const { offset, limit } = pageWindow(query);
    const filter = { ownerLower: owner.toLowerCase() };
    const [docs, total] = await Promise.all([
      limit === 0
        ? []
        : this.model
            .find(filter)
            .sort({ createdAt: -1, _id: -1 })
            .skip(offset)
            .limit(limit)
            .lean<SnapshotDoc[]>()
            .exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { items: docs.map(toSnapshot), total };
  }

  public count(owner: string): Promise<number> {
    return this.model.countDocuments({ ownerLower: owner.toLowerCase() }).exec();
  }

  public async find(owner: string, id: string): Promise<SnapshotRecord | null> {
    const doc = await this.model
      .findOne({ _id: id, ownerLower: owner.toLowerCase() })
      .lean<SnapshotDoc>()
      .exec();
    return doc ? toSnapshot(doc) : null;
  }

  public async delete(owner: string, id: string): Promise<boolean> {
    const { deletedCount } = await this.model.deleteOne({ _id: id, ownerLower: owner.toLowerCase() }).exec();
    return deletedCount > 0;
  }
}

function toSnapshot(doc: SnapshotDoc): SnapshotRecord {
  return {
    id: doc._id,
    owner: doc.owner,
    fileId: doc.fileId,
    thumbId: doc.thumbId,
    name: doc.name,
    mime: doc.mime,
    size: doc.size,
    width: doc.width,
    height: doc.height,
    createdAt: doc.createdAt,
  };
}
