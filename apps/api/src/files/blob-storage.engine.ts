import { PassThrough } from 'node:stream';

import type { Request } from 'express';
import type { StorageEngine } from 'multer';

import type { Actor, FilesService, ProcessingKind, StoredMusic } from '@chat/core';
import type { FileRecord } from '@chat/data';

/** A request whose file part is processed before it is stored (set by `@MediaUpload`). */
export interface MediaRequest extends Request {
  mediaKind?: ProcessingKind;
}

/** What multer puts on `req.file` once the engine has stored the part. */
export interface StoredUpload extends Express.Multer.File {
  record: FileRecord;
  /** A music track's decoded length (`@MediaUpload('music')`). */
  durationMs?: number;
}

/**
 * A multer storage engine that streams the multipart file part straight into FilesService (the
 * same content-addressed blobs and records as the protocol's uploads), hashing on the fly: no
 * file is ever held in memory whole or written twice.
 */
export class BlobStorageEngine implements StorageEngine {
  constructor(private readonly files: FilesService) {}

  public _handleFile(
    req: MediaRequest,
    file: Express.Multer.File,
    callback: (error?: unknown, info?: Partial<StoredUpload>) => void,
  ): void {
    const owner = (req.user as Actor).username;
    // FilesService reads a stream of its own: when it gives up (too large) it destroys that one,
    // not busboy's, whose 'error' would otherwise reach multer first and hide the real reason.
    const body = new PassThrough();
    file.stream.on('error', (err) => body.destroy(err));
    file.stream.pipe(body);
    this.store(owner, req.mediaKind, file, body).then(
      ({ file: record, durationMs }) => callback(null, { record, size: record.size, durationMs }),
      (err: unknown) => {
        file.stream.unpipe(body);
        file.stream.resume();
        callback(err);
      },
    );
  }

  private async store(
    owner: string,
    kind: ProcessingKind | undefined,
    file: Express.Multer.File,
    body: PassThrough,
  ): Promise<Partial<StoredMusic> & Pick<StoredMusic, 'file'>> {
    if (kind === 'music') return this.files.storeMusic(owner, file.originalname, body);
    const input = { name: file.originalname, mime: file.mimetype, media: kind };
    return { file: await this.files.storeStream(owner, input, body) };
  }

  /**
   * Multer asks for this when a request fails after a file was stored. Stored files are content
   * addressed and may already be shared, so nothing is removed; an unsent file is only an orphan.
   */
  public _removeFile(
    _req: Request,
    _file: Express.Multer.File,
    callback: (error: Error | null) => void,
  ): void {
    callback(null);
  }
}
