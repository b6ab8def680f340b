import { Injectable } from '@nestjs/common';
import type { Response } from 'express';

import { Actor, FilesService } from '@chat/core';
import { ChatError, isMediaType } from '@chat/protocol';

import type { StoredUpload } from './blob-storage.engine';
import { FileInfoDto } from './dto/file-info.dto';
import { MediaFileDto } from './dto/media-file.dto';

/** Files over HTTP: the protocol's store and access rules, in the shapes browsers need. */
@Injectable()
export class FilesHttpService {
  constructor(private readonly files: FilesService) {}

  /** The upload the storage engine has already stored while the request streamed in. */
  public uploaded(upload: StoredUpload | undefined): FileInfoDto {
    return FileInfoDto.from(stored(upload));
  }

  /** The processed file of a media upload (protocol.md §10). */
  public processed(upload: StoredUpload | undefined): MediaFileDto {
    return MediaFileDto.from(stored(upload));
  }

  /**
   * The bytes, if the caller may read the file, sent by express's `send`: `Range` (206, and 416
   * past the end, so a browser can seek in a voice message), `If-None-Match` against the SHA-256
   * as a strong ETag (304), `If-Range`, and HEAD. Ids are never reused and bytes never change, so
   * the browser may keep its copy; `private`, since it took a log-in to get.
   */
  public async download(actor: Actor, fileId: string, res: Response): Promise<void> {
    const file = await this.files.authorize(actor.username, fileId);
    await new Promise<void>((resolve, reject) => {
      res.sendFile(
        this.files.pathOf(file),
        {
          headers: {
            // A type stored before `mime` was checked may not be a header value (a CR/LF would
            // fail every download): such a file is sent as bytes.
            'Content-Type': isMediaType(file.mime) ? file.mime : 'application/octet-stream',
            'Content-Disposition': contentDisposition(file.name),
            ETag: `"${file.sha256}"`,
            'Cache-Control': 'private, max-age=31536000, immutable',
            'X-Content-Type-Options': 'nosniff',
          },
          etag: false,
          lastModified: false,
          dotfiles: 'allow',
        },
        (err?: Error & { status?: number }) => {
          if (!err) resolve();
          else if (err.status === 416) {
            reject(
              new ChatError('RANGE_NOT_SATISFIABLE', `The file has ${file.size} bytes`, { size: file.size }),
            );
          } else if (res.headersSent) reject(err);
          else reject(new ChatError('NO_SUCH_FILE', 'The file is gone from the store'));
        },
      );
    });
  }
}

function stored(upload: StoredUpload | undefined): StoredUpload['record'] {
  if (!upload?.record) {
    throw new ChatError('INVALID', 'A multipart part named "file" is required', { field: 'file' });
  }
  return upload.record;
}

/** An ASCII fallback for old clients, and the exact name (RFC 6266 / 5987) for the others. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
