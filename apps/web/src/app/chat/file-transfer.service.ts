import { HttpClient, HttpEventType } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { filter, firstValueFrom, map, Observable } from 'rxjs';

import { FileInfo } from '@chat/protocol';

import { UploadedFile } from '../core/api/api.types';

export type UploadProgress =
  { kind: 'progress'; loaded: number; total: number } | { kind: 'done'; file: FileInfo };

/**
 * Files over the api's HTTP routes (the WebSocket carries no raw blocks): multipart upload with
 * progress, download with the Bearer token (the interceptor adds it) into a blob URL.
 */
@Injectable({ providedIn: 'root' })
export class FileTransferService {
  private readonly http = inject(HttpClient);
  private readonly blobUrls = new Map<string, Promise<string>>();

  public upload(file: File): Observable<UploadProgress> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<UploadedFile>('/api/files', body, { reportProgress: true, observe: 'events' }).pipe(
      filter((e) => e.type === HttpEventType.UploadProgress || e.type === HttpEventType.Response),
      map((e): UploadProgress => {
        if (e.type === HttpEventType.Response) return { kind: 'done', file: e.body as UploadedFile };
        const p = e as { loaded: number; total?: number };
        return { kind: 'progress', loaded: p.loaded, total: p.total ?? file.size };
      }),
    );
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

  /** Saves the file under its name, as a download. */
  public async download(file: FileInfo): Promise<void> {
    const a = document.createElement('a');
    a.href = await this.objectUrl(file.id);
    a.download = file.name;
    a.rel = 'noopener';
    a.click();
  }
}
