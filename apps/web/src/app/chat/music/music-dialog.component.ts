import { ChangeDetectionStrategy, Component, computed, inject, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSliderModule } from '@angular/material/slider';

import { MusicTrack } from '../../core/api/api.types';
import { formatDuration } from '../media/media-text';
import { MusicPlayer } from './music-player.service';

export interface MusicDialogData {
  /** Posts the track into the open conversation. */
  share: (track: MusicTrack) => void;
}

/** The Music dialog: the tracks, the controls of the one player, and Share for each track. */
@Component({
  selector: 'chat-music-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule, MatSliderModule],
  template: `
    <h2 mat-dialog-title>Music</h2>
    <mat-dialog-content>
      @if (player.error()) {
        <p role="alert" class="error">{{ player.error() }}</p>
      }
      <ul class="tracks" aria-label="Tracks">
        @for (track of player.tracks(); track track.id) {
          <li
            [class.current]="track.id === player.current()?.id"
            [attr.aria-current]="track.id === player.current()?.id ? 'true' : null"
          >
            <button mat-button type="button" class="track" (click)="player.play(track)">
              <mat-icon>{{
                track.id === player.current()?.id && player.playing() ? 'equalizer' : 'music_note'
              }}</mat-icon>
              <span class="title">{{ track.title }}</span>
            </button>
            <span class="length">{{ length(track) }}</span>
            <button
              mat-icon-button
              type="button"
              [attr.aria-label]="'Share ' + track.title"
              (click)="data.share(track)"
            >
              <mat-icon>share</mat-icon>
            </button>
          </li>
        } @empty {
          <li class="empty">No tracks yet: an admin adds them with POST /api/music.</li>
        }
      </ul>
      <div class="now">
        <span class="now-title">{{ player.current()?.title ?? 'Nothing playing' }}</span>
        <div class="seek">
          <span class="time">{{ elapsed() }}</span>
          <mat-slider [min]="0" [max]="maxSeconds()" [step]="1" [disabled]="!player.current()">
            <input
              matSliderThumb
              aria-label="Seek"
              [value]="player.currentTime()"
              (valueChange)="player.seek($event)"
            />
          </mat-slider>
          <span class="time">{{ total() }}</span>
        </div>
        <div class="controls">
          <button mat-icon-button type="button" aria-label="Previous track" (click)="player.previous()">
            <mat-icon>skip_previous</mat-icon>
          </button>
          <button
            mat-fab
            type="button"
            [attr.aria-label]="player.playing() ? 'Pause' : 'Play'"
            (click)="player.toggle()"
          >
            <mat-icon>{{ player.playing() ? 'pause' : 'play_arrow' }}</mat-icon>
          </button>
          <button mat-icon-button type="button" aria-label="Next track" (click)="player.next()">
            <mat-icon>skip_next</mat-icon>
          </button>
          <mat-icon class="volume-icon" aria-hidden="true">volume_up</mat-icon>
          <mat-slider [min]="0" [max]="100" [step]="1" class="volume">
            <input
              matSliderThumb
              aria-label="Volume"
              [value]="volumePercent()"
              (valueChange)="player.setVolume($event / 100)"
            />
          </mat-slider>
          @if (player.current(); as current) {
            <button mat-button type="button" (click)="data.share(current)">
              <mat-icon>share</mat-icon>
              Share
            </button>
          }
        </div>
      </div>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .tracks {
      list-style: none;
      margin: 0 0 12px;
      padding: 0;
    }
    .tracks li {
      display: flex;
      align-items: center;
      border-radius: 8px;
    }
    .tracks li.current {
      background: var(--mat-sys-secondary-container);
    }
    .track {
      flex: 1;
      justify-content: flex-start;
    }
    .title {
      flex: 1;
      text-align: start;
    }
    .length {
      margin-inline-start: 12px;
      opacity: 0.7;
      font-variant-numeric: tabular-nums;
    }
    .now-title {
      font-weight: 500;
    }
    .seek,
    .controls {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .seek mat-slider {
      flex: 1;
    }
    .time {
      font-variant-numeric: tabular-nums;
      min-width: 3em;
      text-align: center;
    }
    .volume {
      width: 120px;
    }
    .volume-icon {
      margin-inline-start: 12px;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MusicDialogComponent implements OnInit {
  protected readonly player = inject(MusicPlayer);
  protected readonly data = inject<MusicDialogData>(MAT_DIALOG_DATA);
  protected readonly maxSeconds = computed(() => Math.max(1, Math.floor(this.player.duration())));
  protected readonly elapsed = computed(() => formatDuration(this.player.currentTime() * 1000));
  protected readonly total = computed(() => formatDuration(this.player.duration() * 1000));
  protected readonly volumePercent = computed(() => Math.round(this.player.volume() * 100));

  public ngOnInit(): void {
    void this.player.load();
  }

  protected length(track: MusicTrack): string {
    return formatDuration(track.durationMs);
  }
}
