import type { Database, Statement } from 'better-sqlite3';

import type { MediaInfo } from '@chat/protocol';

import type { FileRecord, FilesRepository } from '../repositories';

interface FileRow {
  id: string;
  name: string;
  size: number;
  sha256: string;
  mime: string;
  owner: string;
  created_at: number;
  media: string | null;
  parent_id: string | null;
}

const COLUMNS = 'id, name, size, sha256, mime, owner, created_at, media, parent_id';

export class SqliteFilesRepository implements FilesRepository {
  private readonly insert: Statement<[FileRow]>;
  private readonly byId: Statement<[string], FileRow>;
  private readonly byOwner: Statement<[string], FileRow>;
  private readonly deleteOne: Statement<[string], { sha256: string }>;
  private readonly shaInUse: Statement<[string], { n: number }>;
  private readonly removeTx: (ids: readonly string[]) => string[];

  constructor(db: Database) {
    this.insert = db.prepare(`INSERT INTO files (${COLUMNS})
      VALUES (@id, @name, @size, @sha256, @mime, @owner, @created_at, @media, @parent_id)`);
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM files WHERE id = ?`);
    this.byOwner = db.prepare(`SELECT ${COLUMNS} FROM files WHERE lower(owner) = ? ORDER BY created_at, id`);
    this.deleteOne = db.prepare('DELETE FROM files WHERE id = ? RETURNING sha256');
    this.shaInUse = db.prepare('SELECT count(*) AS n FROM files WHERE sha256 = ?');
    this.removeTx = db.transaction((ids: readonly string[]) => {
      const hashes = new Set<string>();
      for (const id of ids) {
        const row = this.deleteOne.get(id);
        if (row) hashes.add(row.sha256);
      }
      return [...hashes].filter((sha256) => this.shaInUse.get(sha256)!.n === 0);
    });
  }

  public async create(file: FileRecord): Promise<FileRecord> {
    const row: FileRow = {
      id: file.id,
      name: file.name,
      size: file.size,
      sha256: file.sha256,
      mime: file.mime,
      owner: file.owner,
      created_at: file.createdAt.getTime(),
      media: file.media ? JSON.stringify(file.media) : null,
      parent_id: file.parentId ?? null,
    };
    this.insert.run(row);
    return toFile(row);
  }

  public async findById(id: string): Promise<FileRecord | null> {
    const row = this.byId.get(id);
    return row ? toFile(row) : null;
  }

  public async listOwnedBy(owner: string): Promise<FileRecord[]> {
    return this.byOwner.all(owner.toLowerCase()).map(toFile);
  }

  public async remove(ids: readonly string[]): Promise<string[]> {
    return this.removeTx(ids);
  }
}

function toFile(row: FileRow): FileRecord {
  const file: FileRecord = {
    id: row.id,
    name: row.name,
    size: row.size,
    sha256: row.sha256,
    mime: row.mime,
    owner: row.owner,
    createdAt: new Date(row.created_at),
  };
  if (row.media !== null) file.media = JSON.parse(row.media) as MediaInfo;
  if (row.parent_id !== null) file.parentId = row.parent_id;
  return file;
}
