import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';

import { FileInfo, WAVEFORM_LENGTH } from '@chat/protocol';

import { FileTransferService } from '../file-transfer.service';
import { formatDuration, formatLength } from './media-text';
import { speedText, VoicePlayback } from './voice-playback.service';

/** Bar heights (2..30 of the 32 high picture) from the waveform's 0..255: silence still shows. */
export function barHeights(waveform: unknown): number[] {
  const values =
    Array.isArray(waveform) && waveform.length > 0 ? waveform : new Array(WAVEFORM_LENGTH).fill(0);
  return values.map((v) => 2 + Math.round((Math.min(255, Math.max(0, Number(v) || 0)) / 255) * 28));
}

/**
 * A voice message: play/pause, its waveform (from the message, before a byte is fetched) with the
 * played part lit, which a click or the arrow keys seek in, the time and the speed. The audio is
 * fetched on the first play, into a blob: URL (the download needs the Bearer token).
 */
@Component({
  selector: 'chat-voice-player',
  imports: [MatButtonModule, MatIconModule, MatProgressSpinnerModule],
  templateUrl: './voice-player.component.html',
  styleUrl: './voice-player.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VoicePlayerComponent {
  private readonly files = inject(FileTransferService);
  protected readonly playback = inject(VoicePlayback);
  public readonly file = input.required<FileInfo>();

  protected readonly playing = signal(false);
  protected readonly loading = signal(false);
  protected readonly failed = signal(false);
  protected readonly positionMs = signal(0);
  private readonly audio = viewChild.required<ElementRef<HTMLAudioElement>>('audio');
  private readonly durationMs = computed(() => {
    const media = this.file().media;
    return media?.kind === 'voice' ? Math.max(0, media.durationMs) : 0;
  });
  protected readonly bars = computed(() => {
    const media = this.file().media;
    return barHeights(media?.kind === 'voice' ? media.waveform : []);
  });
  protected readonly playedBars = computed(() => {
    const duration = this.durationMs();
    return duration ? Math.ceil((this.positionMs() / duration) * this.bars().length) : 0;
  });
  protected readonly lengthSec = computed(() => Math.round(this.durationMs() / 1000));
  protected readonly positionSec = computed(() => Math.floor(this.positionMs() / 1000));
  /** The length at rest; the position once it plays or has been moved, as messengers show it. */
  protected readonly timeText = computed(() =>
    this.playing() || this.positionMs() > 0
      ? formatDuration(this.positionMs())
      : formatLength(this.durationMs()),
  );
  protected readonly valueText = computed(
    () => `${formatDuration(this.positionMs())} of ${formatLength(this.durationMs())}`,
  );
  protected readonly speedText = computed(() => speedText(this.playback.speed()));
  private loaded = false;
  private pendingSeekMs: number | null = null;
  private frame = 0;
  private destroyed = false;

  constructor() {
    afterRenderEffect(() => {
      const speed = this.playback.speed();
      const audio = this.audio().nativeElement;
      // A load resets playbackRate to defaultPlaybackRate: both, so the speed survives the first load.
      audio.defaultPlaybackRate = speed;
      audio.playbackRate = speed;
    });
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      cancelAnimationFrame(this.frame);
      const audio = this.audio().nativeElement;
      if (!audio.paused) audio.pause();
      this.playback.release(audio);
    });
  }

  protected async toggle(): Promise<void> {
    const audio = this.audio().nativeElement;
    if (this.playing()) {
      this.playing.set(false);
      audio.pause();
      return;
    }
    this.playing.set(true);
    this.failed.set(false);
    if (!this.loaded) {
      this.loading.set(true);
      try {
        audio.src = await this.files.objectUrl(this.file().id);
        this.loaded = true; // a seek before this waits in pendingSeekMs for the metadata
      } catch {
        this.failed.set(true);
        this.playing.set(false);
        return;
      } finally {
        this.loading.set(false);
      }
      if (!this.playing() || this.destroyed) return; // paused again (or gone) while it loaded
    }
    this.playback.claim(audio);
    try {
      await audio.play();
    } catch (err) {
      // AbortError: paused (or another one started) before playing began; nothing went wrong.
      if (!(err instanceof DOMException && err.name === 'AbortError')) this.failed.set(true);
      this.playing.set(!audio.paused);
    }
  }

  protected seekAt(event: MouseEvent): void {
    const box = (event.currentTarget as Element).getBoundingClientRect();
    if (box.width > 0) this.seekTo(((event.clientX - box.left) / box.width) * this.durationMs());
  }

  protected seekKey(event: KeyboardEvent): void {
    const step = Math.max(1000, this.durationMs() / 20);
    const to: Record<string, number> = {
      ArrowRight: this.positionMs() + step,
      ArrowUp: this.positionMs() + step,
      ArrowLeft: this.positionMs() - step,
      ArrowDown: this.positionMs() - step,
      Home: 0,
      End: this.durationMs(),
    };
    if (!(event.key in to)) return;
    event.preventDefault();
    this.seekTo(to[event.key]);
  }

  protected started(): void {
    // Also when it starts otherwise than by the button (the system's media keys).
    this.playback.claim(this.audio().nativeElement);
    this.playing.set(true);
    cancelAnimationFrame(this.frame);
    const follow = (): void => {
      this.sync();
      this.frame = requestAnimationFrame(follow);
    };
    follow();
  }

  protected paused(): void {
    cancelAnimationFrame(this.frame);
    this.playing.set(false);
    this.sync();
  }

  protected ended(): void {
    cancelAnimationFrame(this.frame);
    this.playing.set(false);
    this.positionMs.set(0);
    this.audio().nativeElement.currentTime = 0;
  }

  protected applyPendingSeek(): void {
    if (this.pendingSeekMs === null) return;
    this.audio().nativeElement.currentTime = this.pendingSeekMs / 1000;
    this.pendingSeekMs = null;
  }

  /** The position from the audio, once it has one of its own to give. */
  protected sync(): void {
    if (!this.loaded || this.pendingSeekMs !== null) return;
    const ms = this.audio().nativeElement.currentTime * 1000;
    this.positionMs.set(Math.min(this.durationMs(), Math.max(0, ms)));
  }

  private seekTo(ms: number): void {
    const clamped = Math.min(this.durationMs(), Math.max(0, ms));
    this.positionMs.set(clamped);
    const audio = this.audio().nativeElement;
    if (this.loaded && audio.readyState >= HTMLMediaElement.HAVE_METADATA) audio.currentTime = clamped / 1000;
    else this.pendingSeekMs = clamped;
  }
}
