import type { Model } from 'mongoose';

import type { FileRecord, FilesRepository } from '../repositories';
import { escapeRegExp } from './mongo.errors';
import { DURABLE, FileDoc } from './mongo.schemas';

export class MongoFilesRepository implements FilesRepository {
  constructor(private readonly model: Model<FileDoc>) {}

  public async create(file: FileRecord): Promise<FileRecord> {
    const doc: FileDoc = {
      _id: file.id,
      name: file.name,
      size: file.size,
      sha256: file.sha256,
      mime: file.mime,
      owner: file.owner,
      createdAt: file.createdAt,
    };
    if (file.media) doc.media = file.media;
    if (file.parentId) doc.parentId = file.parentId;
    await this.model.create(doc);
    return toFile(doc);
  }

  public async findById(id: string): Promise<FileRecord | null> {
    const doc = await this.model.findById(id).lean<FileDoc>().exec();
    return doc ? toFile(doc) : null;
  }

  public async listOwnedBy(owner: string): Promise<FileRecord[]> {
    // Not indexed: only an account's deletion asks.
    const docs = await this.model
      .find({ owner: { $regex: `^${escapeRegExp(owner)}$`, $options: 'i' } })
      .sort({ createdAt: 1, _id: 1 })
      .lean<FileDoc[]>()
      .exec();
    return docs.map(toFile);
  }

  public async remove(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const docs = await this.model
      .find({ _id: { $in: ids } }, { sha256: 1 })
      .lean<Pick<FileDoc, 'sha256'>[]>()
      .exec();
    await this.model.deleteMany({ _id: { $in: ids } }, { writeConcern: DURABLE }).exec();
    const hashes = [...new Set(docs.map((doc) => doc.sha256))];
    const kept = await this.model.distinct('sha256', { sha256: { $in: hashes } }).exec();
    return hashes.filter((sha256) => !kept.includes(sha256));
  }
}

function toFile(doc: FileDoc): FileRecord {
  const file: FileRecord = {
    id: doc._id,
    name: doc.name,
    size: doc.size,
    sha256: doc.sha256,
    mime: doc.mime,
    owner: doc.owner,
    createdAt: doc.createdAt,
  };
  if (doc.media) file.media = doc.media;
  if (doc.parentId) file.parentId = doc.parentId;
  return file;
}
