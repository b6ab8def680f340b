import { HttpClient } from '@angular/common/http';
import { DestroyRef, DOCUMENT, effect, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { MusicTrack } from '../../core/api/api.types';
import { fromHttpError } from '../../core/http-error';
import { SessionService } from '../../core/session.service';
import { FileTransferService } from '../file-transfer.service';
import { VoicePlayback } from '../media/voice-playback.service';

export const VOLUME_KEY = 'chat.music.volume';
const DEFAULT_VOLUME = 0.6;

/**
 * The Music player: one audio element for the whole app (in the page, outside every component),
 * so a track keeps playing when the dialog closes and while the user chats. The tracks come from
 * `GET /api/music`; a track's file is fetched with the Bearer token into a blob: URL, as every
 * protected file is. At a track's end the next one plays, the last one wrapping to the first.
 */
@Injectable({ providedIn: 'root' })
export class MusicPlayer {
  private readonly http = inject(HttpClient);
  private readonly files = inject(FileTransferService);
  private readonly voices = inject(VoicePlayback);
  /** The element itself, for tests and for whoever needs its state beyond the signals. */
  public readonly audio: HTMLAudioElement;

  public readonly tracks = signal<readonly MusicTrack[]>([]);
  public readonly current = signal<MusicTrack | null>(null);
  public readonly playing = signal(false);
  /** Seconds. */
  public readonly currentTime = signal(0);
  /** Seconds; the listed length until the file's own is known. */
  public readonly duration = signal(0);
  /** 0..1, kept in localStorage. */
  public readonly volume = signal(storedVolume());
  public readonly error = signal('');
  /** Counts `play` calls: a file that arrives after another track was chosen is not started. */
  private request = 0;

  constructor() {
    const document = inject(DOCUMENT);
    this.audio = document.createElement('audio');
    this.audio.hidden = true;
    this.audio.dataset['chatMusic'] = '';
    this.audio.preload = 'auto';
    this.audio.volume = this.volume();
    document.body.appendChild(this.audio);
    // The app's root injector lives as long as the page; a test's is destroyed after each spec.
    inject(DestroyRef).onDestroy(() => {
      this.audio.pause();
      this.audio.remove();
    });
    const on = (type: string, fn: () => void): void => this.audio.addEventListener(type, fn);
    on('play', () => {
      this.voices.claim(this.audio);
      this.playing.set(true);
    });
    on('pause', () => this.playing.set(false));
    on('timeupdate', () => this.currentTime.set(this.audio.currentTime));
    on('durationchange', () => {
      if (Number.isFinite(this.audio.duration)) this.duration.set(this.audio.duration);
    });
    on('ended', () => void this.next());
    on('error', () => {
      if (this.audio.getAttribute('src')) this.error.set('This track cannot be played');
    });
    const session = inject(SessionService);
    let wasLoggedIn = session.loggedIn();
    effect(() => {
      const loggedIn = session.loggedIn();
      if (wasLoggedIn && !loggedIn) this.stop();
      wasLoggedIn = loggedIn;
    });
  }

  /** Stops and forgets the track and the list (the next user may see other tracks). */
  public stop(): void {
    this.request++;
    this.audio.pause();
    this.audio.removeAttribute('src');
    this.audio.load();
    this.current.set(null);
    this.currentTime.set(0);
    this.duration.set(0);
    this.tracks.set([]);
  }

  /** Fetches the list of tracks (again). */
  public async load(): Promise<void> {
    try {
      this.tracks.set(await firstValueFrom(this.http.get<MusicTrack[]>('/api/music')));
      this.error.set('');
    } catch (err) {
      this.error.set(`The music could not be loaded: ${fromHttpError(err).message}`);
    }
  }

  /** Plays `track` from its start, or (none given) resumes the current one, else the first. */
  public async play(track?: MusicTrack): Promise<void> {
    const chosen = track ?? this.current() ?? this.tracks()[0];
    if (!chosen) return;
    const request = ++this.request;
    this.error.set('');
    if (chosen.id !== this.current()?.id || !this.audio.getAttribute('src')) {
      this.current.set(chosen);
      this.currentTime.set(0);
      this.duration.set(chosen.durationMs / 1000);
      this.audio.pause();
      let url: string;
      try {
        url = await this.files.objectUrl(chosen.fileId);
      } catch (err) {
        if (request === this.request)
          this.error.set(`The track could not be loaded: ${fromHttpError(err).message}`);
        return;
      }
      if (request !== this.request) return;
      this.audio.src = url;
    } else if (track) {
      this.audio.currentTime = 0;
    }
    try {
      await this.audio.play();
    } catch (err) {
      // A newer load() interrupted this one (AbortError): the newer call plays.
      if (request === this.request && !(err instanceof DOMException && err.name === 'AbortError')) {
        this.error.set(`The track could not be played: ${(err as Error).message}`);
      }
    }
  }

  public pause(): void {
    this.request++;
    this.audio.pause();
  }

  public toggle(): Promise<void> {
    if (this.playing()) {
      this.pause();
      return Promise.resolve();
    }
    return this.play();
  }

  /** The next track, the last one wrapping to the first. */
  public next(): Promise<void> {
    return this.step(1);
  }

  /** The previous track, the first one wrapping to the last. */
  public previous(): Promise<void> {
    return this.step(-1);
  }

  /** To `seconds` into the current track. */
  public seek(seconds: number): void {
    const max = this.duration() || seconds;
    const at = Math.min(Math.max(0, seconds), max);
    this.audio.currentTime = at;
    this.currentTime.set(at);
  }

  public setVolume(volume: number): void {
    const v = Math.min(1, Math.max(0, volume));
    this.volume.set(v);
    this.audio.volume = v;
    try {
      localStorage.setItem(VOLUME_KEY, String(v));
    } catch {
      // Storage refused (private mode, quota): the volume holds for this visit.
    }
  }

  private step(by: number): Promise<void> {
    const list = this.tracks();
    if (list.length === 0) return Promise.resolve();
    const i = list.findIndex((t) => t.id === this.current()?.id);
    const next = i < 0 ? (by > 0 ? 0 : list.length - 1) : (i + by + list.length) % list.length;
    return this.play(list[next]);
  }
}

function storedVolume(): number {
  try {
    const stored = Number.parseFloat(localStorage.getItem(VOLUME_KEY) ?? '');
    return Number.isFinite(stored) && stored >= 0 && stored <= 1 ? stored : DEFAULT_VOLUME;
  } catch {
    return DEFAULT_VOLUME;
  }
}
