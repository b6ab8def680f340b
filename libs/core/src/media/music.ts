// Music tracks: any audio ffmpeg decodes becomes one stereo AAC-LC file in MP4 (.m4a).
//
// Format: the voice messages' container and codec (AAC-LC in MP4 plays in Chromium, Firefox and
// Safari alike, and `+faststart` lets a player start and seek before the whole file is in), but
// what music needs rather than speech: stereo, 44.1 kHz, 128 kb/s. At that rate ffmpeg's own AAC
// encoder is transparent enough for listening in a chat (its weakness shows below 64 kb/s);
// a minute comes to about 1 MB.
//
// Two ffmpeg runs. The first decodes the whole input once: a 1 kHz mono copy on stdout, only
// counted (the duration is what was decoded, never what the container claims), and ebur128's
// integrated loudness; any error-level line (a cut or damaged file), or less audio than the
// container declares, refuses the file, as for voice messages. The second encodes with one
// gain towards -16 LUFS (at most +20 dB; a linear gain keeps the track's dynamics, which
// loudnorm's dynamic mode would squash) and a limiter at -1 dBFS. Silence is kept: in music it
// is part of the piece.

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { assertWholeAudio, AUDIO_DEMUXERS, audioError, integratedLoudness, loudnessFilters } from './audio';
import { FfmpegBinary, FfmpegLog, readFfmpegOutput, runFfmpeg } from './ffmpeg';

const WORDS = { things: 'Music tracks', noun: 'audio' };

export interface MusicResult {
  /** The written output file (in outDir); the caller moves it into the blob store. */
  path: string;
  mime: 'audio/mp4';
  durationMs: number;
}

export interface MusicOptions {
  maxSec: number;
  /** Per ffmpeg run; default 120 s. */
  timeoutMs?: number;
}

/** The longest track an admin may add. */
export const MAX_MUSIC_SEC = 20 * 60;

const DEFAULT_TIMEOUT_MS = 120_000;

/** The rate of the counted copy: only its length matters, in milliseconds. */
const COUNT_RATE = 1_000;

const MAX_GAIN_DB = 20;

const OUTPUT_RATE = 44_100;
const OUTPUT_BITRATE = '128k';

/**
 * Any audio ffmpeg decodes (MP3, AAC/MP4, FLAC, Ogg, WAV, WebM …) → a loudness-normalised stereo
 * AAC-LC .m4a in outDir, and its decoded duration. UNSUPPORTED_MEDIA for anything that is not a
 * whole, decodable piece of audio (or takes longer than timeoutMs per run); MEDIA_TOO_LONG past
 * maxSec. On failure no file is left in outDir.
 */
export async function processMusic(
  ffmpeg: FfmpegBinary,
  input: string,
  outDir: string,
  options: MusicOptions,
): Promise<MusicResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { durationMs, loudness } = await measure(ffmpeg, input, options.maxSec, timeoutMs);
  const output = join(outDir, `music-${randomBytes(9).toString('base64url')}.m4a`);
  try {
    await runFfmpeg(ffmpeg, {
      input,
      demuxers: AUDIO_DEMUXERS,
      timeoutMs,
      output,
      outputOptions: encodeOptions(loudness),
    });
  } catch (err) {
    await rm(output, { force: true });
    throw audioError(err, options.maxSec, WORDS);
  }
  return { path: output, mime: 'audio/mp4', durationMs };
}

/** The first run: the decoded length and the loudness; refuses what is not whole audio. */
async function measure(
  ffmpeg: FfmpegBinary,
  input: string,
  maxSec: number,
  timeoutMs: number,
): Promise<{ durationMs: number; loudness: number | null }> {
  let bytes = 0;
  let log: FfmpegLog;
  try {
    log = await readFfmpegOutput(
      ffmpeg,
      {
        input,
        demuxers: AUDIO_DEMUXERS,
        timeoutMs,
        maxBytes: maxSec * COUNT_RATE * Int16Array.BYTES_PER_ELEMENT,
        outputOptions: [
          '-filter_complex',
          '[0:a:0]asetpts=N/SR/TB,asplit=2[m][c];[m]ebur128[e];[e]anullsink;' +
            `[c]aformat=channel_layouts=mono,aresample=${COUNT_RATE}[count]`,
          ...['-map', '[count]', '-f', 's16le'],
        ],
      },
      (chunk) => (bytes += chunk.length),
    );
  } catch (err) {
    throw audioError(err, maxSec, WORDS);
  }
  const decodedSec = bytes / Int16Array.BYTES_PER_ELEMENT / COUNT_RATE;
  assertWholeAudio(log, decodedSec, WORDS);
  return { durationMs: Math.round(decodedSec * 1000), loudness: integratedLoudness(log) };
}

/** The second run: stereo, the measured gain, a limiter, AAC-LC in MP4. */
function encodeOptions(loudness: number | null): string[] {
  const filters = [
    'asetpts=N/SR/TB',
    'aformat=channel_layouts=stereo',
    ...loudnessFilters(loudness, MAX_GAIN_DB),
    `aresample=${OUTPUT_RATE}`,
  ];
  return [
    ...['-map', '0:a:0', '-map_chapters', '-1', '-af', filters.join(',')],
    ...['-c:a', 'aac', '-b:a', OUTPUT_BITRATE, '-ac', '2', '-ar', String(OUTPUT_RATE)],
    ...['-movflags', '+faststart', '-f', 'mp4'],
  ];
}
