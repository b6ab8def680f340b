import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';

import { Snapshot } from '../../core/api/api.types';
import { fromHttpError } from '../../core/http-error';
import { saveAs } from '../media/camera-capture';
import { SnapshotsApi } from './snapshots-api.service';

export interface SnapshotsDialogData {
  /** Sends a picture to the open conversation (AttachmentSender.sendPicture). */
  send: (file: File) => void;
}

interface Tile {
  snapshot: Snapshot;
  thumbUrl: string | null;
}

/** The Snapshots folder: thumbnails newest first, each with Download, Delete and Send. */
@Component({
  selector: 'chat-snapshots-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule],
  template: `
    <h2 mat-dialog-title>Snapshots</h2>
    <mat-dialog-content>
      @if (error()) {
        <p role="alert">{{ error() }}</p>
      }
      @if (loaded() && tiles().length === 0) {
        <p>No snapshots yet: take one with Screenshot, This window or Entire screen.</p>
      }
      <ul class="grid" aria-label="Snapshots">
        @for (tile of tiles(); track tile.snapshot.id) {
          <li class="tile">
            @if (tile.thumbUrl) {
              <img [src]="tile.thumbUrl" [alt]="tile.snapshot.name" />
            }
            <span class="name">{{ tile.snapshot.width }}×{{ tile.snapshot.height }}</span>
            <div class="actions">
              <button
                mat-icon-button
                type="button"
                [attr.aria-label]="'Download ' + tile.snapshot.name"
                (click)="download(tile.snapshot)"
              >
                <mat-icon>download</mat-icon>
              </button>
              <button
                mat-icon-button
                type="button"
                [attr.aria-label]="'Delete ' + tile.snapshot.name"
                (click)="remove(tile)"
              >
                <mat-icon>delete</mat-icon>
              </button>
              <button
                mat-button
                type="button"
                [attr.aria-label]="'Send ' + tile.snapshot.name"
                (click)="send(tile.snapshot)"
              >
                <mat-icon>send</mat-icon>
                Send
              </button>
            </div>
          </li>
        }
      </ul>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(180px, 1fr));
      gap: 12px;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .tile {
      display: flex;
      flex-direction: column;
      gap: 4px;
      border-radius: 8px;
      padding: 8px;
      background: var(--mat-sys-surface-container);
    }
    img {
      width: 100%;
      aspect-ratio: 16 / 10;
      object-fit: contain;
      background: var(--mat-sys-surface-container-highest);
    }
    .actions {
      display: flex;
      align-items: center;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SnapshotsDialogComponent implements OnInit {
  private readonly api = inject(SnapshotsApi);
  private readonly data = inject<SnapshotsDialogData>(MAT_DIALOG_DATA);
  protected readonly tiles = signal<readonly Tile[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal('');
  private readonly urls: string[] = [];

  constructor() {
    inject(DestroyRef).onDestroy(() => this.urls.forEach((u) => URL.revokeObjectURL(u)));
  }

  public async ngOnInit(): Promise<void> {
    try {
      const page = await this.api.list();
      this.tiles.set(page.items.map((snapshot) => ({ snapshot, thumbUrl: null })));
      this.loaded.set(true);
      for (const snapshot of page.items) void this.loadThumb(snapshot);
    } catch (err) {
      this.error.set(`The snapshots could not be loaded: ${fromHttpError(err).message}`);
    }
  }

  protected async download(snapshot: Snapshot): Promise<void> {
    const url = URL.createObjectURL(await this.api.bytes(snapshot.fileId));
    this.urls.push(url);
    saveAs(url, snapshot.name);
  }

  protected async remove(tile: Tile): Promise<void> {
    try {
      await this.api.remove(tile.snapshot.id);
      this.tiles.update((list) => list.filter((t) => t.snapshot.id !== tile.snapshot.id));
    } catch (err) {
      this.error.set(`Not deleted: ${fromHttpError(err).message}`);
    }
  }

  /** As a picture, through the server's media processing, to the conversation open now. */
  protected async send(snapshot: Snapshot): Promise<void> {
    const blob = await this.api.bytes(snapshot.fileId);
    this.data.send(new File([blob], snapshot.name, { type: snapshot.mime }));
  }

  private async loadThumb(snapshot: Snapshot): Promise<void> {
    const url = URL.createObjectURL(await this.api.bytes(snapshot.thumbId));
    this.urls.push(url);
    this.tiles.update((list) =>
      list.map((t) => (t.snapshot.id === snapshot.id ? { ...t, thumbUrl: url } : t)),
    );
  }
}
