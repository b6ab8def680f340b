import { DestroyRef, inject, Injectable, signal } from '@angular/core';

import { DEFAULT_MAX_VOICE_SEC } from '@chat/protocol';

import { levelOf } from './level-meter.component';
import {
  deviceErrorText,
  MEDIA_BROWSER,
  pickRecordingType,
  recordingExtension,
  stopStream,
} from './media-devices';
import { timestampedName } from './media-text';

export type RecorderState = 'idle' | 'starting' | 'recording';

/**
 * Stopped this long before the limit: the recorder hands over its last data a little after stop(),
 * and a recording even a few milliseconds over MAX_VOICE_SEC would come back MEDIA_TOO_LONG.
 */
export const LIMIT_MARGIN_MS = 500;

/** Asked of the microphone: what voice calls ask for, since this is speech too. */
const SPEECH: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

/** What one recording holds while it runs; all of it is let go when it ends, however it ends. */
interface Take {
  stream: MediaStream;
  recorder: MediaRecorder;
  audio: AudioContext | null;
  analyser: AnalyserNode | null;
  samples: Uint8Array<ArrayBuffer>;
  ticker?: ReturnType<typeof setInterval>;
  limit?: ReturnType<typeof setTimeout>;
  /** How the user ended it; null while it runs (a stop then means the microphone went away). */
  end: 'send' | 'cancel' | null;
}

/**
 * One voice recording at a time, from the microphone through MediaRecorder, with its elapsed time
 * and a level for the meter. Provided by the composer, so it ends with it.
 */
@Injectable()
export class VoiceRecorder {
  private readonly media = inject(MEDIA_BROWSER);
  public readonly state = signal<RecorderState>('idle');
  public readonly elapsedMs = signal(0);
  public readonly limitSec = signal(DEFAULT_MAX_VOICE_SEC);
  /** Why the last recording did not start or was lost, for the user. */
  public readonly error = signal<string | null>(null);
  private take: Take | null = null;
  /** Counts attempts, so that a microphone the browser grants after a Cancel is let go at once. */
  private attempt = 0;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.cancel());
  }

  /**
   * Records until stop() or the limit (then resolves with the recording) or cancel() (then null).
   * Null too when the microphone is denied or missing: `error` says which.
   */
  public async record(maxSec = DEFAULT_MAX_VOICE_SEC): Promise<File | null> {
    if (this.state() !== 'idle') return null;
    const attempt = ++this.attempt;
    this.error.set(null);
    this.elapsedMs.set(0);
    this.limitSec.set(maxSec);
    this.state.set('starting');
    let stream: MediaStream;
    try {
      stream = await this.media.getUserMedia({ audio: SPEECH });
    } catch (err) {
      if (attempt === this.attempt) this.fail(deviceErrorText(err, 'microphone'));
      return null;
    }
    if (attempt !== this.attempt) {
      stopStream(stream);
      return null;
    }
    const mimeType = pickRecordingType((t) => this.media.recorderSupports(t));
    let recorder: MediaRecorder | null = null;
    try {
      // 64 kbit/s is plenty for speech the server transcodes anyway, and keeps 5 minutes near 2.4 MB.
      recorder = this.media.recorder(stream, {
        ...(mimeType ? { mimeType } : {}),
        audioBitsPerSecond: 64_000,
      });
    } catch {
      recorder = null;
    }
    if (!recorder) {
      stopStream(stream);
      this.fail('This browser cannot record voice messages.');
      return null;
    }
    return this.run(stream, recorder, maxSec);
  }

  /** Ends the recording and hands it over (record() resolves with it). */
  public stop(): void {
    this.finish('send');
  }

  /** Ends the recording and throws it away. */
  public cancel(): void {
    this.finish('cancel');
  }

  /** The microphone's loudness now (see levelOf); read by the meter once a frame. */
  public level(): number {
    const take = this.take;
    if (!take?.analyser) return 0;
    take.analyser.getByteTimeDomainData(take.samples);
    return levelOf(take.samples);
  }

  private run(stream: MediaStream, recorder: MediaRecorder, maxSec: number): Promise<File | null> {
    return new Promise((resolve) => {
      const chunks: Blob[] = [];
      const take: Take = { stream, recorder, end: null, ...this.meter(stream) };
      this.take = take;
      recorder.addEventListener('dataavailable', (e) => {
        const data = (e as BlobEvent).data;
        if (data?.size) chunks.push(data);
      });
      recorder.addEventListener('error', () => {
        take.end = 'cancel';
        this.error.set('The recording failed; nothing was sent.');
      });
      recorder.addEventListener('stop', () => {
        this.release(take);
        if (take.end === null) this.error.set('The microphone stopped; the recording was discarded.');
        if (take.end !== 'send') return resolve(null);
        if (chunks.length === 0) {
          this.error.set('Nothing was recorded.');
          return resolve(null);
        }
        const type = recorder.mimeType || chunks[0].type || 'audio/webm';
        resolve(new File(chunks, timestampedName('voice', recordingExtension(type)), { type }));
      });
      try {
        recorder.start();
      } catch {
        this.release(take);
        this.fail('The microphone could not be recorded.');
        return resolve(null);
      }
      const started = Date.now();
      this.state.set('recording');
      take.ticker = setInterval(() => this.elapsedMs.set(Date.now() - started), 250);
      take.limit = setTimeout(() => this.stop(), maxSec * 1000 - LIMIT_MARGIN_MS);
    });
  }

  private finish(end: 'send' | 'cancel'): void {
    const take = this.take;
    if (!take) {
      // Still asking for the microphone: nothing recorded yet, so even "send" can only cancel.
      if (this.state() === 'starting') {
        this.attempt++;
        this.state.set('idle');
      }
      return;
    }
    take.end ??= end;
    if (take.recorder.state === 'inactive') this.release(take);
    else take.recorder.stop(); // its 'stop' event, after the last data, releases and resolves
  }

  /** Level metering is a nicety: without Web Audio the recording works all the same. */
  private meter(stream: MediaStream): Pick<Take, 'audio' | 'analyser' | 'samples'> {
    const none = { audio: null, analyser: null, samples: new Uint8Array(0) };
    try {
      const audio = this.media.audioContext();
      if (!audio) return none;
      const analyser = audio.createAnalyser();
      analyser.fftSize = 512;
      audio.createMediaStreamSource(stream).connect(analyser);
      return { audio, analyser, samples: new Uint8Array(analyser.fftSize) };
    } catch {
      return none;
    }
  }

  private release(take: Take): void {
    clearInterval(take.ticker);
    clearTimeout(take.limit);
    stopStream(take.stream);
    void take.audio?.close().catch(() => undefined);
    take.audio = null;
    take.analyser = null;
    if (this.take === take) {
      this.take = null;
      this.state.set('idle');
    }
  }

  private fail(message: string): void {
    this.error.set(message);
    this.state.set('idle');
  }
}
