import type { Model } from 'mongoose';

import type { MusicTrackRecord, MusicTracksRepository } from '../repositories';
import { MusicTrackDoc } from './mongo.schemas';

export class MongoMusicRepository implements MusicTracksRepository {
  constructor(private readonly model: Model<MusicTrackDoc>) {}

  public async add(track: MusicTrackRecord): Promise<MusicTrackRecord> {
    const doc: MusicTrackDoc = {
      _id: track.id,
      title: track.title,
      fileId: track.fileId,
      durationMs: track.durationMs,
      mime: track.mime,
      addedBy: track.addedBy,
      addedAt: track.addedAt,
    };
    await this.model.create(doc);
    return toTrack(doc);
  }

  public async list(): Promise<MusicTrackRecord[]> {
    const docs = await this.model.find().sort({ addedAt: 1, _id: 1 }).lean<MusicTrackDoc[]>().exec();
    return docs.map(toTrack);
  }

  public async findById(id: string): Promise<MusicTrackRecord | null> {
    const doc = await this.model.findById(id).lean<MusicTrackDoc>().exec();
    return doc ? toTrack(doc) : null;
  }

  public async hasFile(fileId: string): Promise<boolean> {
    return (await this.model.exists({ fileId }).exec()) !== null;
  }

  public async remove(id: string): Promise<boolean> {
    const { deletedCount } = await this.model.deleteOne({ _id: id }).exec();
    return deletedCount > 0;
  }
}

function toTrack(doc: MusicTrackDoc): MusicTrackRecord {
  return {
    id: doc._id,
    title: doc.title,
    fileId: doc.fileId,
    durationMs: doc.durationMs,
    mime: doc.mime,
    addedBy: doc.addedBy,
    addedAt: doc.addedAt,
  };
}
