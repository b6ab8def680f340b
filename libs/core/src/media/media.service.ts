import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';

import { ChatError, Limits, MediaKind } from '@chat/protocol';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';
import { FfmpegBinary, findFfmpeg } from './ffmpeg';
import { JobQueue } from './job-queue';
import { MAX_MUSIC_SEC, MusicResult, processMusic } from './music';
import { PictureResult, processPicture } from './picture';
import { processVoice, VoiceResult } from './voice';

/** Jobs that may wait for a free slot, per slot: beyond that a media upload gets SERVER_BUSY. */
const WAITING_PER_JOB = 16;

/** What an upload is processed as: the protocol's media kinds, and an admin's music track. */
export type ProcessingKind = MediaKind | 'music';

const WHAT: Record<ProcessingKind, string> = {
  voice: 'Voice messages',
  image: 'Pictures',
  music: 'Music tracks',
};

/** What `/api/health` says of media processing in this process. */
export interface MediaStatus {
  available: boolean;
  ffmpeg: FfmpegBinary | null;
  jobs: { max: number; running: number; waiting: number };
}

/**
 * Voice messages and pictures (protocol.md §10): finds ffmpeg once at start-up, and runs every
 * processing job through one bounded queue (MEDIA_JOBS at once, a bounded number waiting). The
 * work itself happens outside the event loop: ffmpeg in a child process, sharp on libuv's threads.
 */
@Injectable()
export class MediaService implements OnModuleInit {
  private readonly logger = new Logger('Media');
  private readonly queue: JobQueue;
  private ffmpeg: FfmpegBinary | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics = new Metrics(),
  ) {
    this.queue = new JobQueue(config.media.jobs, config.media.jobs * WAITING_PER_JOB);
  }

  public async onModuleInit(): Promise<void> {
    const configured = this.config.media.ffmpegPath;
    this.ffmpeg = await findFfmpeg(configured);
    if (configured && this.ffmpeg?.source !== 'FFMPEG_PATH') {
      this.logger.warn(`FFMPEG_PATH=${configured} does not run ffmpeg -version; looking elsewhere`);
    }
    if (this.ffmpeg) {
      const { path, version, source } = this.ffmpeg;
      this.logger.log(
        `ffmpeg ${version} at ${path} (from ${source}): voice messages and pictures on, ${this.config.media.jobs} jobs at once`,
      );
    } else {
      this.logger.warn(
        'No ffmpeg (FFMPEG_PATH, ffmpeg-static, PATH): voice messages and pictures answer MEDIA_UNAVAILABLE. ' +
          'Install it (apt-get install ffmpeg, brew install ffmpeg) or set FFMPEG_PATH.',
      );
    }
  }

  public get available(): boolean {
    return this.ffmpeg !== null;
  }

  public status(): MediaStatus {
    return {
      available: this.available,
      ffmpeg: this.ffmpeg,
      jobs: { max: this.config.media.jobs, running: this.queue.running, waiting: this.queue.waiting },
    };
  }

  /** The media limits `hello` announces; none without ffmpeg. */
  public limits(): Pick<Limits, 'voiceSec' | 'imagePx'> {
    return this.available
      ? { voiceSec: this.config.media.maxVoiceSec, imagePx: this.config.media.maxImagePx }
      : {};
  }

  /** MEDIA_UNAVAILABLE, before a byte is uploaded, when this server cannot process `kind`. */
  public assertAvailable(kind: ProcessingKind): void {
    if (this.available) return;
    throw new ChatError(
      'MEDIA_UNAVAILABLE',
      `${WHAT[kind]} cannot be processed: this server has no ffmpeg (its administrator can install it or set FFMPEG_PATH)`,
    );
  }

  /** A voice message written to `outDir` (its file is the caller's to store or remove). */
  public voice(input: string, outDir: string): Promise<VoiceResult> {
    const ffmpeg = this.binary('voice');
    return this.run('voice', () =>
      processVoice(ffmpeg, input, outDir, { maxSec: this.config.media.maxVoiceSec }),
    );
  }

  public picture(input: string): Promise<PictureResult> {
    const ffmpeg = this.binary('image');
    return this.run('image', () => processPicture(input, { maxPx: this.config.media.maxImagePx }, ffmpeg));
  }

  /** A music track written to `outDir` (its file is the caller's to store or remove). */
  public music(input: string, outDir: string): Promise<MusicResult> {
    const ffmpeg = this.binary('music');
    return this.run('music', () => processMusic(ffmpeg, input, outDir, { maxSec: MAX_MUSIC_SEC }));
  }

  /** A job through the queue, counted by what it came to. */
  private run<T>(kind: ProcessingKind, job: () => Promise<T>): Promise<T> {
    return this.metrics.mediaJob(kind, this.queue.run(job));
  }

  private binary(kind: ProcessingKind): FfmpegBinary {
    this.assertAvailable(kind);
    return this.ffmpeg!;
  }
}
