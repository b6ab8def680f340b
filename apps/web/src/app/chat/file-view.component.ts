import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

import { FileInfo, formatBytes } from '@chat/protocol';

import { FileTransferService } from './file-transfer.service';

/** Largest image shown inline: a bigger one would be fetched whole (and kept) only to be scaled down. */
export const MAX_PREVIEW_BYTES = 10 * 1024 * 1024;

/**
 * Raster formats a browser decodes as pictures and nothing more. Not image/svg+xml: an SVG can carry
 * script, and its blob: URL has this app's origin, so opening it on its own would run that script
 * with the user's session.
 */
export const PREVIEW_MIME_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/apng',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
]);

/** Whether to show the file inline; the mime type is the sender's word, so it is matched exactly. */
export function canPreview(file: FileInfo): boolean {
  const mime = file.mime.split(';')[0].trim().toLowerCase();
  return PREVIEW_MIME_TYPES.has(mime) && file.size <= MAX_PREVIEW_BYTES;
}

/** Audio that every browser plays (the server's voice and music format first), shown as a player. */
export const PLAYABLE_AUDIO_TYPES: ReadonlySet<string> = new Set([
  'audio/mp4',
  'audio/aac',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'audio/webm',
]);

/** Largest audio file fetched to play inline. */
export const MAX_INLINE_AUDIO_BYTES = 25 * 1024 * 1024;

export function canPlayInline(file: FileInfo): boolean {
  const mime = file.mime.split(';')[0].trim().toLowerCase();
  return PLAYABLE_AUDIO_TYPES.has(mime) && file.size <= MAX_INLINE_AUDIO_BYTES;
}

/**
 * A file in a message: its name, size and a download button; small raster images also show a
 * preview, and audio (a shared music track) a player.
 */
@Component({
  selector: 'chat-file-view',
  imports: [MatButtonModule, MatIconModule],
  template: `
    @if (previewUrl(); as url) {
      <img class="preview" [src]="url" [alt]="file().name" />
    }
    @if (audioUrl(); as url) {
      <audio controls preload="metadata" [src]="url" [attr.aria-label]="file().name"></audio>
    }
    <button
      mat-stroked-button
      type="button"
      (click)="download()"
      [attr.aria-label]="'Download ' + file().name"
    >
      <mat-icon>download</mat-icon>
      {{ file().name }} ({{ size() }})
    </button>
    @if (failed()) {
      <span class="failed" role="alert">Download failed</span>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 4px;
    }
    .preview {
      max-width: min(320px, 100%);
      max-height: 240px;
      border-radius: 8px;
    }
    audio {
      width: min(320px, 100%);
    }
    .failed {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileViewComponent {
  private readonly files = inject(FileTransferService);

  public readonly file = input.required<FileInfo>();
  protected readonly previewUrl = signal<string | null>(null);
  protected readonly audioUrl = signal<string | null>(null);
  protected readonly failed = signal(false);
  protected readonly size = computed(() => formatBytes(this.file().size));

  constructor() {
    effect(() => {
      const file = this.file();
      this.previewUrl.set(null);
      this.audioUrl.set(null);
      const shown = canPreview(file) ? this.previewUrl : canPlayInline(file) ? this.audioUrl : null;
      if (!shown) return;
      this.files.objectUrl(file.id).then(
        (url) => {
          if (this.file().id === file.id) shown.set(url);
        },
        () => undefined, // no preview: the download button is still there
      );
    });
  }

  protected async download(): Promise<void> {
    this.failed.set(false);
    try {
      await this.files.download(this.file());
    } catch {
      this.failed.set(true);
    }
  }
}
