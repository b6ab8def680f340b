import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';

import { FileInfo, ImageMedia, THUMBNAIL_PX } from '@chat/protocol';

import { FileTransferService } from '../file-transfer.service';
import { openPictureViewer } from './picture-viewer.component';

/** The box a picture of `media`'s size takes in a message: at most THUMBNAIL_PX on its longer side. */
export function pictureBox(media: Pick<ImageMedia, 'width' | 'height'>): { width: number; ratio: string } {
  const width = Math.max(1, media.width || 1);
  const height = Math.max(1, media.height || 1);
  const scale = Math.min(1, THUMBNAIL_PX / Math.max(width, height));
  return { width: Math.round(width * scale), ratio: `${width} / ${height}` };
}

/**
 * A picture in a message: its box is sized from `media` before anything loads (no layout jump),
 * the thumbnail fills it, and a click opens the full picture in the viewer.
 */
@Component({
  selector: 'chat-picture-view',
  imports: [MatIconModule],
  template: `
    <button
      type="button"
      class="picture"
      [style.width.px]="box().width"
      [style.aspect-ratio]="box().ratio"
      [attr.aria-label]="'Open picture ' + file().name"
      (click)="open()"
    >
      @if (thumbUrl(); as url) {
        <img [src]="url" [alt]="file().name" />
      } @else if (failed()) {
        <mat-icon aria-hidden="true">broken_image</mat-icon>
      }
    </button>
  `,
  styles: `
    :host {
      display: block;
      max-width: 100%;
    }
    .picture {
      display: grid;
      place-items: center;
      max-width: 100%;
      height: auto;
      padding: 0;
      border: 0;
      border-radius: 8px;
      overflow: hidden;
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
      cursor: zoom-in;
    }
    .picture:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    img {
      display: block;
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PictureViewComponent {
  private readonly files = inject(FileTransferService);
  private readonly dialog = inject(MatDialog);
  public readonly file = input.required<FileInfo>();

  protected readonly thumbUrl = signal<string | null>(null);
  protected readonly failed = signal(false);
  private readonly media = computed((): ImageMedia => {
    const media = this.file().media;
    return media?.kind === 'image' ? media : { kind: 'image', width: 4, height: 3, thumbId: this.file().id };
  });
  protected readonly box = computed(() => pictureBox(this.media()));

  constructor() {
    effect(() => {
      const thumbId = this.media().thumbId;
      this.thumbUrl.set(null);
      this.failed.set(false);
      this.files.objectUrl(thumbId).then(
        (url) => {
          if (this.media().thumbId === thumbId) this.thumbUrl.set(url);
        },
        () => this.failed.set(true), // the box stays, with its icon; the viewer may still load it
      );
    });
  }

  protected open(): void {
    openPictureViewer(this.dialog, { file: this.file(), media: this.media(), thumbUrl: this.thumbUrl() });
  }
}
