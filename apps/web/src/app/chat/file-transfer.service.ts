import { HttpClient, HttpEventType } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { filter, firstValueFrom, map, Observable } from 'rxjs';

import { FileInfo, MediaKind } from '@chat/protocol';

import { UploadedFile, UploadedMedia } from '../core/api/api.types';

export type UploadProgress =
  { kind: 'progress'; loaded: number; total: number } | { kind: 'done'; file: FileInfo };

/**
 * Files over the api's HTTP routes (the WebSocket carries no raw blocks): multipart upload with
 * progress (plain files, and voice messages and pictures that the server processes first),
 * download with the Bearer token (the interceptor adds it) into a blob URL.
 */
@Injectable({ providedIn: 'root' })
export class FileTransferService {
  private readonly http = inject(HttpClient);
  private readonly blobUrls = new Map<string, Promise<string>>();

  public upload(file: File): Observable<UploadProgress> {
    return this.post<UploadedFile>('/api/files', file, (body) => body);
  }

  /**
   * A recording or a picture, for the server to process before it stores it (protocol.md §10);
   * `done` carries the processed file with its `media`. Errors as for files, plus UNSUPPORTED_MEDIA,
   * MEDIA_TOO_LONG and MEDIA_UNAVAILABLE.
   */
  public uploadMedia(kind: MediaKind, file: File): Observable<UploadProgress> {
    return this.post<UploadedMedia>(`/api/media/${kind}`, file, ({ fileId, ...rest }) => ({
      id: fileId,
      ...rest,
    }));
  }

  /** A blob: URL for the file's bytes, fetched once per file. */
  public objectUrl(fileId: string): Promise<string> {
    let url = this.blobUrls.get(fileId);
    if (!url) {
      url = firstValueFrom(
        this.http.get(`/api/files/${encodeURIComponent(fileId)}`, { responseType: 'blob' }),
      ).then((blob) => URL.createObjectURL(blob));
      url.catch(() => this.blobUrls.delete(fileId));
      this.blobUrls.set(fileId, url);
    }
    return url;
  }

  /** A stored file's size and SHA-256, from a HEAD request (its ETag is the SHA-256): no byte is downloaded. */
  public async describe(fileId: string): Promise<{ size: number; sha256: string }> {
    const res = await firstValueFrom(
      this.http.head(`/api/files/${encodeURIComponent(fileId)}`, { observe: 'response' }),
    );
    return {
      size: Number(res.headers.get('content-length') ?? 0),
      sha256: (res.headers.get('etag') ?? '').replace(/^(W\/)?"|"$/g, ''),
    };
  }

  /** Saves the file under its name, as a download. */
  public async download(file: FileInfo): Promise<void> {
    const a = document.createElement('a');
    a.href = await this.objectUrl(file.id);
    a.download = file.name;
    a.rel = 'noopener';
    a.click();
  }

  private post<T>(url: string, file: File, toInfo: (body: T) => FileInfo): Observable<UploadProgress> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<T>(url, body, { reportProgress: true, observe: 'events' }).pipe(
      filter((e) => e.type === HttpEventType.UploadProgress || e.type === HttpEventType.Response),
      map((e): UploadProgress => {
        if (e.type === HttpEventType.Response) return { kind: 'done', file: toInfo(e.body as T) };
        const p = e as { loaded: number; total?: number };
        return { kind: 'progress', loaded: p.loaded, total: p.total ?? file.size };
      }),
    );
  }
}
