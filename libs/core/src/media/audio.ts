// What voice messages and music tracks share: the containers ffmpeg may read them from, how a
// first decoding run shows that a file is not whole audio, the loudness ebur128 measured in it,
// the gain and limiter that bring it to the target, and ffmpeg's failures as ChatErrors.

import { ChatError } from '@chat/protocol';

import { FfmpegError, FfmpegLog } from './ffmpeg';

/** The demuxers audio may come in (names as `ffmpeg -demuxers` lists them): no playlists, no concat. */
export const AUDIO_DEMUXERS = [
  'mov',
  'matroska',
  'ogg',
  'wav',
  'w64',
  'mp3',
  'aac',
  'flac',
  'caf',
  'aiff',
  'amr',
];

const TRUNCATION_TOLERANCE_SEC = 0.25;
const TARGET_LUFS = -16;
/** ebur128 reports -70 LUFS (its absolute gate) when nothing is louder: no gain then. */
const SILENT_LUFS = -69.9;
const LIMIT_DBFS = -1;

/** How the errors name what was uploaded: `Voice messages` / `recording`, `Music tracks` / `audio`. */
export interface AudioWords {
  things: string;
  noun: string;
}

/**
 * Refuses a decoding run's input when it is not whole audio: an error-level line in ffmpeg's log
 * (how ffmpeg 5.1 reports a cut WebM, MP4 or WAV), nothing decoded, or less decoded than the
 * container declares (a cut MP3 only warns).
 */
export function assertWholeAudio(log: FfmpegLog, decodedSec: number, words: AudioWords): void {
  if (log.errors.length > 0) {
    throw new ChatError('UNSUPPORTED_MEDIA', `The ${words.noun} is damaged or incomplete (truncated?)`);
  }
  if (decodedSec === 0) throw new ChatError('UNSUPPORTED_MEDIA', `The ${words.noun} holds no audio`);
  const declared = log.input?.durationSec ?? null;
  if (
    declared !== null &&
    !log.input?.durationEstimated &&
    log.input?.videoStreams === 0 &&
    decodedSec < declared - TRUNCATION_TOLERANCE_SEC
  ) {
    throw new ChatError(
      'UNSUPPORTED_MEDIA',
      `The ${words.noun} is incomplete: ${decodedSec.toFixed(1)} s of the ${declared.toFixed(1)} s it declares`,
    );
  }
}

/** ebur128's last summary (it prints one for an empty probe of the graph first); null when none. */
export function integratedLoudness(log: FfmpegLog): number | null {
  let found: number | null = null;
  for (const line of log.tail) {
    const match = /^\s*I:\s+(-?\d+(?:\.\d+)?) LUFS/.exec(line);
    if (match) found = Number(match[1]);
  }
  return found;
}

/** The filters that bring measured `loudness` to -16 LUFS (gain at most `maxGainDb`) under a -1 dBFS limiter. */
export function loudnessFilters(loudness: number | null, maxGainDb: number): string[] {
  const gainDb =
    loudness === null || loudness <= SILENT_LUFS ? 0 : Math.min(maxGainDb, TARGET_LUFS - loudness);
  return [
    `volume=${gainDb.toFixed(2)}dB`,
    `alimiter=limit=${(10 ** (LIMIT_DBFS / 20)).toFixed(4)}:level=disabled:latency=1`,
  ];
}

/** An ffmpeg failure as the ChatError the uploader gets; other errors unchanged. */
export function audioError(err: unknown, maxSec: number, words: AudioWords): Error {
  if (err instanceof ChatError) return err;
  if (!(err instanceof FfmpegError)) return err instanceof Error ? err : new Error(String(err));
  switch (err.reason) {
    case 'output-limit':
      return new ChatError('MEDIA_TOO_LONG', `${words.things} are limited to ${maxSec} s`, { max: maxSec });
    case 'timeout':
      return new ChatError('UNSUPPORTED_MEDIA', `The ${words.noun} took too long to process`);
    case 'spawn':
      return new ChatError('MEDIA_UNAVAILABLE');
    case 'exit':
      return err.log.input && err.log.input.audioStreams === 0
        ? new ChatError('UNSUPPORTED_MEDIA', 'The file has no audio')
        : new ChatError(
            'UNSUPPORTED_MEDIA',
            `Not ${words.noun === 'audio' ? 'audio' : `a ${words.noun}`} the server can read`,
          );
  }
}
