import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { Snapshot, SnapshotPage } from '../../core/api/api.types';

/** The caller's Snapshots folder on the server (`/api/snapshots`), private to them. */
@Injectable({ providedIn: 'root' })
export class SnapshotsApi {
  private readonly http = inject(HttpClient);

  public list(limit = 200): Promise<SnapshotPage> {
    return firstValueFrom(this.http.get<SnapshotPage>('/api/snapshots', { params: { limit } }));
  }

  public add(file: File): Promise<Snapshot> {
    const body = new FormData();
    body.append('file', file, file.name);
    return firstValueFrom(this.http.post<Snapshot>('/api/snapshots', body));
  }

  public remove(id: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`/api/snapshots/${encodeURIComponent(id)}`));
  }

  /** The picture's (or thumbnail's) bytes; only their owner may read them. */
  public bytes(fileId: string): Promise<Blob> {
    return firstValueFrom(
      this.http.get(`/api/files/${encodeURIComponent(fileId)}`, { responseType: 'blob' }),
    );
  }
}
