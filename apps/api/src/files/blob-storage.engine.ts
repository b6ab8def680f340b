import { PassThrough } from 'node:stream';

import type { Request } from 'express';
import type { StorageEngine } from 'multer';

import type { Actor, FilesService } from '@chat/core';
import type { FileRecord } from '@chat/data';
import type { MediaKind } from '@chat/protocol';

/** A request whose file part is processed as media before it is stored (set by `@MediaUpload`). */
export interface MediaRequest extends Request {
  mediaKind?: MediaKind;
}

/** What multer puts on `req.file` once the engine has stored the part. */
export interface StoredUpload extends Express.Multer.File {
  record: FileRecord;
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
    const input = { name: file.originalname, mime: file.mimetype, media: req.mediaKind };
    this.files.storeStream(owner, input, body).then(
      (record) => callback(null, { record, size: record.size }),
      (err: unknown) => {
        file.stream.unpipe(body);
        file.stream.resume();
        callback(err);
      },
    );
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
