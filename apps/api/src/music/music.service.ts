import { randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import type { Actor } from '@chat/core';
import { STORE, Store } from '@chat/data';
import { ChatError } from '@chat/protocol';

import type { StoredUpload } from '../files/blob-storage.engine';
import { MAX_TRACK_TITLE } from './dto/add-music-track.dto';
import { MusicTrackDto } from './dto/music-track.dto';

/** The music tracks admins add: each a stored file that every user may play while it is listed. */
@Injectable()
export class MusicService {
  constructor(@Inject(STORE) private readonly store: Store) {}

  public async list(): Promise<MusicTrackDto[]> {
    return (await this.store.music.list()).map(MusicTrackDto.from);
  }

  /** Lists the file the storage engine has already transcoded while the request streamed in. */
  public async add(actor: Actor, upload: StoredUpload | undefined, title?: string): Promise<MusicTrackDto> {
    if (!upload?.record || upload.durationMs === undefined) {
      throw new ChatError('INVALID', 'A multipart part named "file" is required', { field: 'file' });
    }
    const track = await this.store.music.add({
      id: `t_${randomBytes(12).toString('base64url')}`,
      title: trackTitle(title, upload.originalname),
      fileId: upload.record.id,
      durationMs: upload.durationMs,
      mime: upload.record.mime,
      addedBy: actor.username,
      addedAt: new Date(),
    });
    return MusicTrackDto.from(track);
  }

  /**
   * Unlists a track. Its file stays: messages may carry it, and whoever saw one of those may still
   * play it; everyone else can no longer read it.
   */
  public async remove(id: string): Promise<void> {
    if (!(await this.store.music.remove(id))) throw new ChatError('NO_SUCH_FILE', 'No such music track');
  }
}

/** The title given, else the uploaded name without its extension. */
function trackTitle(given: string | undefined, fileName: string): string {
  // Control characters would let a title rewrite a terminal line or a log entry.
  // eslint-disable-next-line no-control-regex
  const clean = (s: string): string => s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  const title = clean(given ?? '');
  if (title !== '') return title;
  const base = clean(fileName.split(/[/\\]/).pop() ?? '');
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).slice(0, MAX_TRACK_TITLE) || 'Untitled';
}
