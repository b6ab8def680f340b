import type { Model } from 'mongoose';

import type { FileRecord, FilesRepository } from '../repositories';
import { FileDoc } from './mongo.schemas';

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
