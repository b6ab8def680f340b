import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';

import { FileInfo } from '@chat/protocol';

import { MusicTrack } from '../../core/api/api.types';
import { ChatStore } from '../chat-store.service';
import { FileTransferService } from '../file-transfer.service';
import { MusicDialogComponent, MusicDialogData } from './music-dialog.component';
import { MusicPlayer } from './music-player.service';

/** The toolbar's Music button, and while a track is loaded the mini-player: its title and play/pause. */
@Component({
  selector: 'chat-music-menu',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    @if (player.current(); as current) {
      <span class="mini" role="group" aria-label="Now playing">
        <span class="title" [title]="current.title">{{ current.title }}</span>
        <button
          mat-icon-button
          type="button"
          [attr.aria-label]="player.playing() ? 'Pause music' : 'Play music'"
          (click)="player.toggle()"
        >
          <mat-icon>{{ player.playing() ? 'pause' : 'play_arrow' }}</mat-icon>
        </button>
      </span>
    }
    <button mat-icon-button type="button" aria-label="Music" matTooltip="Music" (click)="open()">
      <mat-icon>library_music</mat-icon>
    </button>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
    }
    .mini {
      display: inline-flex;
      align-items: center;
      font-size: 14px;
    }
    .title {
      max-width: 12em;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MusicMenuComponent {
  protected readonly player = inject(MusicPlayer);
  private readonly dialog = inject(MatDialog);
  private readonly store = inject(ChatStore);
  private readonly files = inject(FileTransferService);
  private readonly snackBar = inject(MatSnackBar);

  protected open(): void {
    const data: MusicDialogData = { share: (track) => void this.share(track) };
    this.dialog.open(MusicDialogComponent, { data, width: '560px', maxWidth: '96vw' });
  }

  /**
   * Posts the track's own file into the open conversation (a message may carry any file its
   * sender may read, and every user may read a listed track), named in the text.
   */
  private async share(track: MusicTrack): Promise<void> {
    try {
      const { size, sha256 } = await this.files.describe(track.fileId);
      const file: FileInfo = { id: track.fileId, name: `${track.title}.m4a`, size, sha256, mime: track.mime };
      await this.store.send(`♪ ${track.title}`, file);
      this.snackBar.open(`Shared ${track.title}`, undefined, { duration: 3000, politeness: 'polite' });
    } catch {
      this.snackBar.open(`${track.title} could not be shared`, 'OK', { duration: 8000 });
    }
  }
}
