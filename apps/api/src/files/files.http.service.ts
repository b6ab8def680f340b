import { Injectable, StreamableFile } from '@nestjs/common';

import { Actor, FilesService } from '@chat/core';
import { ChatError } from '@chat/protocol';

import type { StoredUpload } from './blob-storage.engine';
import { FileInfoDto } from './dto/file-info.dto';

/** Files over HTTP: the protocol's store and access rules, in the shapes browsers need. */
@Injectable()
export class FilesHttpService {
  constructor(private readonly files: FilesService) {}

  /** The upload the storage engine has already stored while the request streamed in. */
  public uploaded(upload: StoredUpload | undefined): FileInfoDto {
    if (!upload?.record)
      throw new ChatError('INVALID', 'A multipart part named "file" is required', { field: 'file' });
    return FileInfoDto.from(upload.record);
  }

  /** The bytes, streamed from the blob store, if the caller may read the file. */
  public async download(actor: Actor, fileId: string): Promise<StreamableFile> {
    const file = await this.files.authorize(actor.username, fileId);
    return new StreamableFile(this.files.openRead(file), {
      type: file.mime,
      length: file.size,
      disposition: contentDisposition(file.name),
    });
  }
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
