import type { Database, Statement } from 'better-sqlite3';

import { pageWindow } from '../paging';
import type { Page, SnapshotRecord, SnapshotsRepository } from '../repositories';

interface SnapshotRow {
  id: string;
  owner: string;
  owner_lower: string;
  file_id: string;
  thumb_id: string;
  name: string;
  mime: string;
  size: number;
  width: number;
  height: number;
  created_at: number;
}

const COLUMNS = 'id, owner, owner_lower, file_id, thumb_id, name, mime, size, width, height, created_at';

export class SqliteSnapshotsRepository implements SnapshotsRepository {
  private readonly insert: Statement<[SnapshotRow]>;
  private readonly page: Statement<[{ owner: string; limit: number; offset: number }], SnapshotRow>;
  private readonly counted: Statement<[string], { n: number }>;
  private readonly byId: Statement<[string, string], SnapshotRow>;
  private readonly remove: Statement<[string, string]>;

  constructor(db: Database) {
    this.insert = db.prepare(`INSERT INTO snapshots (${COLUMNS})
      VALUES (@id, @owner, @owner_lower, @file_id, @thumb_id, @name, @mime, @size, @width, @height, @created_at)`);
    this.page = db.prepare(`SELECT ${COLUMNS} FROM snapshots WHERE owner_lower = @owner
      ORDER BY created_at DESC, rowid DESC LIMIT @limit OFFSET @offset`);
    this.counted = db.prepare('SELECT count(*) AS n FROM snapshots WHERE owner_lower = ?');
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM snapshots WHERE id = ? AND owner_lower = ?`);
    this.remove = db.prepare('DELETE FROM snapshots WHERE id = ? AND owner_lower = ?');
  }

  public async create(snapshot: SnapshotRecord): Promise<SnapshotRecord> {
    const row: SnapshotRow = {
      id: snapshot.id,
      owner: snapshot.owner,
      owner_lower: snapshot.owner.toLowerCase(),
      file_id: snapshot.fileId,
      thumb_id: snapshot.thumbId,
      name: snapshot.name,
      mime: snapshot.mime,
      size: snapshot.size,
      width: snapshot.width,
      height: snapshot.height,
      created_at: snapshot.createdAt.getTime(),
    };
    this.insert.run(row);
    return toSnapshot(row);
  }

  public async list(
    owner: string,
    query: { offset?: number; limit?: number },
  ): Promise<Page<SnapshotRecord>> {
    const { offset, limit } = pageWindow(query);
    const key = owner.toLowerCase();
    const items = limit === 0 ? [] : this.page.all({ owner: key, limit, offset }).map(toSnapshot);
    return { items, total: this.counted.get(key)!.n };
  }

  public async count(owner: string): Promise<number> {
    return this.counted.get(owner.toLowerCase())!.n;
  }

  public async find(owner: string, id: string): Promise<SnapshotRecord | null> {
    const row = this.byId.get(id, owner.toLowerCase());
    return row ? toSnapshot(row) : null;
  }

  public async delete(owner: string, id: string): Promise<boolean> {
    return this.remove.run(id, owner.toLowerCase()).changes > 0;
  }
}

function toSnapshot(row: SnapshotRow): SnapshotRecord {
  return {
    id: row.id,
    owner: row.owner,
    fileId: row.file_id,
    thumbId: row.thumb_id,
    name: row.name,
    mime: row.mime,
    size: row.size,
    width: row.width,
    height: row.height,
    createdAt: new Date(row.created_at),
  };
}
