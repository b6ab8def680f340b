import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { Inject, Injectable, Logger } from '@nestjs/common';

import { Actor, FilesService } from '@chat/core';
import { STORE, Store } from '@chat/data';
import { ChatError } from '@chat/protocol';

import type { StoredUpload } from '../files/blob-storage.engine';
import { bundledFileId, bundledMusicDir, readBundledTracks } from './bundled-music';
import { MAX_TRACK_TITLE } from './dto/add-music-track.dto';
import { MusicTrackDto } from './dto/music-track.dto';

/** The music tracks admins add: each a stored file that every user may play while it is listed. */
@Injectable()
export class MusicService {
  private readonly logger = new Logger(MusicService.name);

  constructor(
    @Inject(STORE) private readonly store: Store,
    private readonly files: FilesService,
  ) {}

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
   * Lists the tracks the server ships (scripts/make-music.mjs made them), once per install: their
   * files have fixed ids, so a later start finds the first one and leaves the list alone, even if
   * an admin unlisted them. The files are already in the tracks' format; `owner` (the admin)
   * uploaded them. Returns how many were listed.
   */
  public async seedBundled(owner: string, dir = bundledMusicDir()): Promise<number> {
    const tracks = await readBundledTracks(dir);
    if (tracks.length === 0 || (await this.store.files.findById(bundledFileId(tracks[0])))) return 0;
    const start = Date.now();
    for (const [i, track] of tracks.entries()) {
      const id = bundledFileId(track);
      const bytes = await readFile(join(dir, track.file));
      try {
        await this.files.storeBytes(owner, { id, name: track.file, mime: 'audio/mp4' }, bytes);
      } catch (err) {
        // Another process sharing the store seeds them at the same time.
        if (await this.store.files.findById(id)) return i;
        throw err;
      }
      await this.store.music.add({
        id: `t_${randomBytes(12).toString('base64url')}`,
        title: track.title,
        fileId: id,
        durationMs: track.durationMs,
        mime: 'audio/mp4',
        addedBy: owner,
        // One millisecond apart: listed in the bundle's order.
        addedAt: new Date(start + i),
      });
    }
    this.logger.log(`Listed the ${tracks.length} bundled music tracks`);
    return tracks.length;
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
