import type { Database, Statement } from 'better-sqlite3';

import type { MusicTrackRecord, MusicTracksRepository } from '../repositories';

interface TrackRow {
  id: string;
  title: string;
  file_id: string;
  duration_ms: number;
  mime: string;
  added_by: string;
  added_at: number;
}

const COLUMNS = 'id, title, file_id, duration_ms, mime, added_by, added_at';

export class SqliteMusicRepository implements MusicTracksRepository {
  private readonly insert: Statement<[TrackRow]>;
  private readonly all: Statement<[], TrackRow>;
  private readonly byId: Statement<[string], TrackRow>;
  private readonly byFile: Statement<[string], { found: number }>;
  private readonly deleteById: Statement<[string]>;

  constructor(db: Database) {
    this.insert = db.prepare(`INSERT INTO music_tracks (${COLUMNS})
      VALUES (@id, @title, @file_id, @duration_ms, @mime, @added_by, @added_at)`);
    this.all = db.prepare(`SELECT ${COLUMNS} FROM music_tracks ORDER BY added_at, id`);
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM music_tracks WHERE id = ?`);
    this.byFile = db.prepare('SELECT 1 AS found FROM music_tracks WHERE file_id = ? LIMIT 1');
    this.deleteById = db.prepare('DELETE FROM music_tracks WHERE id = ?');
  }

  public async add(track: MusicTrackRecord): Promise<MusicTrackRecord> {
    const row: TrackRow = {
      id: track.id,
      title: track.title,
      file_id: track.fileId,
      duration_ms: track.durationMs,
      mime: track.mime,
      added_by: track.addedBy,
      added_at: track.addedAt.getTime(),
    };
    this.insert.run(row);
    return toTrack(row);
  }

  public async list(): Promise<MusicTrackRecord[]> {
    return this.all.all().map(toTrack);
  }

  public async findById(id: string): Promise<MusicTrackRecord | null> {
    const row = this.byId.get(id);
    return row ? toTrack(row) : null;
  }

  public async hasFile(fileId: string): Promise<boolean> {
    return this.byFile.get(fileId) !== undefined;
  }

  public async remove(id: string): Promise<boolean> {
    return this.deleteById.run(id).changes > 0;
  }
}

function toTrack(row: TrackRow): MusicTrackRecord {
  return {
    id: row.id,
    title: row.title,
    fileId: row.file_id,
    durationMs: row.duration_ms,
    mime: row.mime,
    addedBy: row.added_by,
    addedAt: new Date(row.added_at),
  };
}
