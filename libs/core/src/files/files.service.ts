import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

import { Inject, Injectable } from '@nestjs/common';

import { BlobStore, FileRecord, STORE, Store } from '@chat/data';
import { assertMediaType, ChatError, MAX_UPLOADS_PER_USER, MediaKind } from '@chat/protocol';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MediaService } from '../media/media.service';

export interface UploadOffer {
  name: string;
  size: number;
  sha256: string;
  mime?: string;
  /** Process the upload as a voice message or a picture before storing it (protocol.md §10). */
  media?: MediaKind;
}

type NormalizedOffer = Required<Omit<UploadOffer, 'media'>> & Pick<UploadOffer, 'media'>;

/** A stored music track's file, and the length of its decoded audio. */
export interface StoredMusic {
  file: FileRecord;
  durationMs: number;
}

type TempBlob = Awaited<ReturnType<BlobStore['createTemp']>>;

/** One upload in progress: bytes go to a temporary blob, checked against the offer at the end. */
export class Upload {
  public readonly id = `u_${randomBytes(12).toString('base64url')}`;
  public received = 0;
  public lastActivity = Date.now();
  private ended = false;

  constructor(
    public readonly owner: string,
    public readonly offer: NormalizedOffer,
    private readonly temp: TempBlob,
    private readonly complete: (upload: Upload, sha256: string, temp: TempBlob) => Promise<FileRecord>,
    /** Called once, when the upload is over whichever way (stored, refused, aborted). */
    private readonly onEnd: (upload: Upload) => void = () => undefined,
  ) {}

  public async write(offset: number, bytes: Buffer): Promise<void> {
    this.lastActivity = Date.now();
    if (offset !== this.received) {
      throw new ChatError('BAD_OFFSET', `Expected offset ${this.received}, got ${offset}`, {
        expected: this.received,
      });
    }
    if (this.received + bytes.length > this.offer.size) {
      throw new ChatError('FILE_TOO_LARGE', `More bytes than the ${this.offer.size} offered`);
    }
    await this.temp.write(bytes);
    this.received += bytes.length;
  }

  /**
   * Checks size and SHA-256 and stores the file. Whatever fails (a mismatch, the disk, the
   * store, the processing) discards the upload and its temporary file.
   */
  public async finish(): Promise<FileRecord> {
    try {
      const { size, sha256 } = await this.temp.finish();
      if (size !== this.offer.size || sha256 !== this.offer.sha256) {
        throw new ChatError(
          'CHECKSUM_MISMATCH',
          `Received ${size} bytes with SHA-256 ${sha256}; upload discarded`,
        );
      }
      return await this.complete(this, sha256, this.temp);
    } finally {
      // After a commit the temp file is the stored blob's now, and abort leaves that alone.
      await this.abort();
    }
  }

  /** Drops the upload and its temporary file; safe to call more than once. */
  public async abort(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      this.onEnd(this);
    }
    await this.temp.abort();
  }
}

/** Files: uploads checked by size and SHA-256, content-addressed bytes, and who may read them. */
@Injectable()
export class FilesService {
  /** Open uploads per lower-cased user name, in this process. */
  private readonly openUploads = new Map<string, number>();

  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly blobs: BlobStore,
    private readonly media: MediaService,
  ) {}

  public get maxFileBytes(): number {
    return this.config.limits.file;
  }

  /**
   * A new upload for `owner`, to be finished or aborted. QUOTA_EXCEEDED when they have
   * MAX_UPLOADS_PER_USER open already: each holds a file descriptor and a temporary file.
   */
  public async startUpload(owner: string, offer: UploadOffer): Promise<Upload> {
    const key = owner.toLowerCase();
    const open = this.openUploads.get(key) ?? 0;
    if (open >= MAX_UPLOADS_PER_USER) {
      throw new ChatError(
        'QUOTA_EXCEEDED',
        `You have ${open} uploads open, the most there may be; finish one or let it time out`,
        { max: MAX_UPLOADS_PER_USER },
      );
    }
    if (offer.size > this.config.limits.file) {
      throw new ChatError('FILE_TOO_LARGE', `Files are limited to ${this.config.limits.file} bytes`, {
        max: this.config.limits.file,
      });
    }
    if (offer.media) this.media.assertAvailable(offer.media);
    // Checked before anything is held: a refused offer leaves no count and no temp file.
    const normalized: NormalizedOffer = {
      name: sanitizeName(offer.name),
      size: offer.size,
      sha256: offer.sha256.toLowerCase(),
      mime: mimeOf(offer.mime),
      media: offer.media,
    };
    // Counted before the temp file exists, so that offers in flight count too.
    this.openUploads.set(key, open + 1);
    let temp: TempBlob;
    try {
      temp = await this.blobs.createTemp();
    } catch (err) {
      this.uploadEnded(key);
      throw err;
    }
    return new Upload(
      owner,
      normalized,
      temp,
      (upload, sha256, blob) => this.complete(upload, sha256, blob),
      () => this.uploadEnded(key),
    );
  }

  /** Uploads `owner` has open now (offered, neither done nor aborted). */
  public openUploadsOf(owner: string): number {
    return this.openUploads.get(owner.toLowerCase()) ?? 0;
  }

  private uploadEnded(key: string): void {
    const left = (this.openUploads.get(key) ?? 1) - 1;
    if (left > 0) this.openUploads.set(key, left);
    else this.openUploads.delete(key);
  }

  /**
   * Stores a file whose size and SHA-256 are not known up front (an HTTP multipart upload): the
   * bytes stream to a temporary blob while the hash is computed, and nothing is buffered whole.
   * More than the file limit: FILE_TOO_LARGE. Any failure, the source's included, leaves no file.
   * With `media`, the bytes are processed (protocol.md §10) and the processed file is stored.
   */
  public async storeStream(
    owner: string,
    input: { name: string; mime?: string; media?: MediaKind },
    source: Readable,
  ): Promise<FileRecord> {
    if (input.media) this.media.assertAvailable(input.media);
    const mime = mimeOf(input.mime);
    const { temp, size, sha256 } = await this.receive(source);
    try {
      if (input.media) return await this.storeMedia(input.media, owner, sanitizeName(input.name), temp.path);
      await this.blobs.commit(temp.path, sha256);
    } catch (err) {
      await temp.abort();
      throw err;
    } finally {
      if (input.media) await temp.abort();
    }
    return this.store.files.create({
      id: newFileId(),
      name: sanitizeName(input.name),
      size,
      sha256,
      mime,
      owner,
      createdAt: new Date(),
    });
  }

  /**
   * Stores bytes made or checked in memory (a screenshot and its thumbnail), content-addressed
   * like any upload; `parentId` makes it readable by whoever may read that file. `id` is for
   * files the server ships itself (the bundled music), whose record is found again by it.
   */
  public async storeBytes(
    owner: string,
    input: { name: string; mime: string; parentId?: string; id?: string },
    bytes: Buffer,
  ): Promise<FileRecord> {
    const blob = await this.blobs.put(bytes);
    const record: FileRecord = {
      id: input.id ?? newFileId(),
      name: sanitizeName(input.name),
      ...blob,
      mime: input.mime,
      owner,
      createdAt: new Date(),
    };
    if (input.parentId) record.parentId = input.parentId;
    return this.store.files.create(record);
  }

  /**
   * Stores a music track streamed in like `storeStream`'s uploads: transcoded to stereo AAC-LC in
   * MP4 (`processMusic`), without `media` (it plays as any audio file). The upload itself is
   * never kept; a failed processing stores nothing.
   */
  public async storeMusic(owner: string, name: string, source: Readable): Promise<StoredMusic> {
    this.media.assertAvailable('music');
    const { temp } = await this.receive(source);
    try {
      const music = await this.media.music(temp.path, this.blobs.tempDir);
      const blob = await this.blobs.adopt(music.path);
      const file = await this.store.files.create({
        id: newFileId(),
        name: withExtension(sanitizeName(name), 'm4a'),
        ...blob,
        mime: music.mime,
        owner,
        createdAt: new Date(),
      });
      return { file, durationMs: music.durationMs };
    } finally {
      await temp.abort();
    }
  }

  /**
   * The file if `username` may read it: its uploader, a participant of a conversation that
   * carried it (for a thumbnail: that carried its picture), or anyone while it is a music track.
   */
  public async authorize(username: string, fileId: string): Promise<FileRecord> {
    const file = await this.store.files.findById(fileId);
    if (!file) throw new ChatError('NO_SUCH_FILE');
    if (file.owner.toLowerCase() === username.toLowerCase()) return file;
    if (await this.store.messages.canSeeFile(username, file.parentId ?? fileId)) return file;
    if (await this.store.music.hasFile(fileId)) return file;
    throw new ChatError('NO_SUCH_FILE');
  }

  /** Where the file's bytes are on disk, for servers that send files themselves (HTTP ranges). */
  public pathOf(file: FileRecord): string {
    return this.blobs.path(file.sha256);
  }

  /** The file's bytes from `offset`, in pieces of at most `chunk` bytes. */
  public openRead(file: FileRecord, offset = 0, chunk = 256 * 1024): Readable {
    return this.blobs.openRead(file.sha256, offset, chunk);
  }

  /**
   * Processes `input` as `kind` and stores the result: a voice message, or a picture with its
   * thumbnail. A failed processing stores nothing; `input` stays the caller's.
   */
  private async storeMedia(kind: MediaKind, owner: string, name: string, input: string): Promise<FileRecord> {
    const createdAt = new Date();
    if (kind === 'voice') {
      const voice = await this.media.voice(input, this.blobs.tempDir);
      const blob = await this.blobs.adopt(voice.path);
      return this.store.files.create({
        id: newFileId(),
        name: withExtension(name, 'm4a'),
        ...blob,
        mime: voice.mime,
        owner,
        createdAt,
        media: { kind: 'voice', durationMs: voice.durationMs, waveform: voice.waveform },
      });
    }
    const picture = await this.media.picture(input);
    const [full, thumb] = [await this.blobs.put(picture.full), await this.blobs.put(picture.thumb)];
    const id = newFileId();
    const stored = withExtension(name, 'jpg');
    const thumbnail = await this.store.files.create({
      id: newFileId(),
      name: `thumbnail-${stored}`,
      ...thumb,
      mime: picture.mime,
      owner,
      createdAt,
      parentId: id,
    });
    return this.store.files.create({
      id,
      name: stored,
      ...full,
      mime: picture.mime,
      owner,
      createdAt,
      media: { kind: 'image', width: picture.width, height: picture.height, thumbId: thumbnail.id },
    });
  }

  /** The source's bytes in a finished temporary blob (size and SHA-256 known); FILE_TOO_LARGE past the limit. */
  private async receive(source: Readable): Promise<{ temp: TempBlob; size: number; sha256: string }> {
    const max = this.config.limits.file;
    const temp = await this.blobs.createTemp();
    let size = 0;
    try {
      for await (const chunk of source as AsyncIterable<Buffer | string>) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += bytes.length;
        if (size > max) throw new ChatError('FILE_TOO_LARGE', `Files are limited to ${max} bytes`, { max });
        await temp.write(bytes);
      }
      const { sha256 } = await temp.finish();
      return { temp, size, sha256 };
    } catch (err) {
      await temp.abort();
      throw err;
    }
  }

  private async complete(upload: Upload, sha256: string, temp: TempBlob): Promise<FileRecord> {
    const { media, name } = upload.offer;
    if (media) {
      // The upload is only the processing's input: whatever happens, it is not kept.
      try {
        return await this.storeMedia(media, upload.owner, name, temp.path);
      } finally {
        await temp.abort();
      }
    }
    await this.blobs.commit(temp.path, sha256);
    return this.store.files.create({
      id: newFileId(),
      name: upload.offer.name,
      size: upload.offer.size,
      sha256,
      mime: upload.offer.mime,
      owner: upload.owner,
      createdAt: new Date(),
    });
  }
}

/**
 * The type a file is stored with: the given one, which must be a media type since every download
 * sends it back as a Content-Type header (INVALID otherwise), or application/octet-stream.
 */
function mimeOf(mime: string | undefined): string {
  if (!mime) return 'application/octet-stream';
  assertMediaType(mime);
  return mime;
}

/** A file id: unguessable, since knowing one is the first step to reading a file. */
function newFileId(): string {
  return `f_${randomBytes(12).toString('base64url')}`;
}

/** `name` with its extension replaced: what was uploaded as `memo.webm` is stored as `memo.m4a`. */
export function withExtension(name: string, ext: string): string {
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name}.${ext}`;
}

/** Keeps the base name only: a file name is shown and saved by clients, never a path. */
export function sanitizeName(name: string): string {
  const last = name.split(/[/\\]/).pop()!;
  // Control characters would let a name rewrite a terminal line or a log entry.
  // eslint-disable-next-line no-control-regex
  const base = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base === '' || base === '.' || base === '..' ? 'file' : base.slice(0, 255);
}
