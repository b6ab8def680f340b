import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';

import { FileInfo, ImageMedia } from '@chat/protocol';

import { FileTransferService } from '../file-transfer.service';

export interface PictureViewerData {
  file: FileInfo;
  media: ImageMedia;
  /** The thumbnail already shown, to show (scaled up) until the full picture has come. */
  thumbUrl: string | null;
}

export function openPictureViewer(dialog: MatDialog, data: PictureViewerData): void {
  dialog.open(PictureViewerComponent, { data, maxWidth: '96vw', panelClass: 'chat-picture-viewer' });
}

/** The full picture, as large as the window allows at its aspect ratio, with Download; Escape closes. */
@Component({
  selector: 'chat-picture-viewer',
  imports: [MatButtonModule, MatDialogModule, MatIconModule],
  template: `
    <h2 mat-dialog-title class="title">{{ data.file.name }}</h2>
    <mat-dialog-content>
      <div class="frame" [style.width]="frameWidth" [style.aspect-ratio]="ratio">
        @if (url(); as src) {
          <img [src]="src" [alt]="data.file.name" />
        }
      </div>
      @if (failed()) {
        <p class="failed" role="alert">The picture could not be loaded.</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [attr.aria-label]="'Download ' + data.file.name" (click)="download()">
        <mat-icon>download</mat-icon>
        Download
      </button>
      <button mat-flat-button type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .title {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .frame {
      max-width: 100%;
      margin: 0 auto;
      border-radius: 4px;
      overflow: hidden;
      background: var(--mat-sys-surface-container-highest);
    }
    img {
      display: block;
      width: 100%;
      height: 100%;
      object-fit: contain;
    }
    .failed {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PictureViewerComponent {
  protected readonly data = inject<PictureViewerData>(MAT_DIALOG_DATA);
  private readonly files = inject(FileTransferService);
  private readonly full = signal<string | null>(null);
  protected readonly failed = signal(false);
  protected readonly url = computed(() => this.full() ?? this.data.thumbUrl);
  protected readonly ratio = `${this.data.media.width} / ${this.data.media.height}`;
  /** Never wider than the picture, the dialog, or what fits 60% of the window's height. */
  protected readonly frameWidth = `min(${this.data.media.width}px, 100%, calc(60vh * ${
    this.data.media.width / Math.max(1, this.data.media.height)
  }))`;

  constructor() {
    this.files.objectUrl(this.data.file.id).then(
      (url) => this.full.set(url),
      () => this.failed.set(true),
    );
  }

  protected download(): void {
    this.files.download(this.data.file).catch(() => this.failed.set(true));
  }
}
