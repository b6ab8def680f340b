import { randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { Actor, APP_CONFIG, AppConfig, FilesService, withExtension } from '@chat/core';
import { DEFAULT_PAGE_LIMIT, STORE, Store } from '@chat/data';
import { ChatError } from '@chat/protocol';

import { PageQueryDto } from '../common/dto/page-query.dto';
import { SnapshotDto } from './dto/snapshot.dto';
import { SnapshotPageDto } from './dto/snapshot-page.dto';
import { inspectSnapshot } from './snapshot-image';

/**
 * Each user's Snapshots folder: screenshots kept on the server, seen by their owner only. The
 * bytes are files (content-addressed, readable through `GET /api/files/{id}` by their uploader
 * alone until a message carries them), so sending one is sending a picture like any other.
 */
@Injectable()
export class SnapshotsService {
  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly files: FilesService,
  ) {}

  public async list(actor: Actor, query: PageQueryDto): Promise<SnapshotPageDto> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const page = await this.store.snapshots.list(actor.username, { offset, limit });
    return { items: page.items.map(SnapshotDto.from), total: page.total, offset, limit, max: this.max };
  }

  /**
   * Checks the picture, then stores it and its thumbnail. The bound is checked before: two
   * uploads racing at the last free place may both get in, which a bound against runaway
   * clients can afford.
   */
  public async add(actor: Actor, upload: Express.Multer.File | undefined): Promise<SnapshotDto> {
    if (!upload?.buffer) {
      throw new ChatError('INVALID', 'A multipart part named "file" is required', { field: 'file' });
    }
    if ((await this.store.snapshots.count(actor.username)) >= this.max) {
      throw new ChatError(
        'QUOTA_EXCEEDED',
        `Your Snapshots folder holds at most ${this.max} pictures; delete some first`,
        { max: this.max },
      );
    }
    const image = await inspectSnapshot(upload.buffer);
    const name = withExtension(upload.originalname || 'screenshot', image.ext);
    const file = await this.files.storeBytes(actor.username, { name, mime: image.mime }, upload.buffer);
    const thumb = await this.files.storeBytes(
      actor.username,
      { name: `thumbnail-${withExtension(file.name, 'jpg')}`, mime: 'image/jpeg', parentId: file.id },
      image.thumb,
    );
    const snapshot = await this.store.snapshots.create({
      id: `s_${randomBytes(12).toString('base64url')}`,
      owner: actor.username,
      fileId: file.id,
      thumbId: thumb.id,
      name: file.name,
      mime: image.mime,
      size: file.size,
      width: image.width,
      height: image.height,
      createdAt: file.createdAt,
    });
    return SnapshotDto.from(snapshot);
  }

  /**
   * Removes it from the folder. The bytes stay as a file of the owner's, like an upload never
   * sent: a message may already carry a copy, and content-addressed bytes may be shared.
   */
  public async remove(actor: Actor, id: string): Promise<void> {
    if (!(await this.store.snapshots.delete(actor.username, id))) {
      throw new ChatError('NO_SUCH_FILE', 'No such snapshot');
    }
  }

  private get max(): number {
    return this.config.maxSnapshots;
  }
}
