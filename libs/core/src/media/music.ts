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

import { ChatError } from '@chat/protocol';

import { FfmpegBinary, FfmpegError, FfmpegLog, readFfmpegOutput, runFfmpeg } from './ffmpeg';

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
/** The demuxers a track may come in (names as `ffmpeg -demuxers` lists them). */
const MUSIC_DEMUXERS = ['mov', 'matroska', 'ogg', 'wav', 'w64', 'mp3', 'aac', 'flac', 'caf', 'aiff'];

/** The rate of the counted copy: only its length matters, in milliseconds. */
const COUNT_RATE = 1_000;
const TRUNCATION_TOLERANCE_SEC = 0.25;

const TARGET_LUFS = -16;
const MAX_GAIN_DB = 20;
/** ebur128 reports -70 LUFS (its absolute gate) when nothing is louder: no gain then. */
const SILENT_LUFS = -69.9;
const LIMIT_DBFS = -1;

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
      demuxers: MUSIC_DEMUXERS,
      timeoutMs,
      output,
      outputOptions: encodeOptions(loudness),
    });
  } catch (err) {
    await rm(output, { force: true });
    throw toChatError(err, options.maxSec);
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
        demuxers: MUSIC_DEMUXERS,
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
    throw toChatError(err, maxSec);
  }
  const decodedSec = bytes / Int16Array.BYTES_PER_ELEMENT / COUNT_RATE;
  if (log.errors.length > 0) {
    throw new ChatError('UNSUPPORTED_MEDIA', 'The audio is damaged or incomplete (truncated?)');
  }
  if (bytes === 0) throw new ChatError('UNSUPPORTED_MEDIA', 'The file holds no audio');
  const declared = log.input?.durationSec ?? null;
  if (
    declared !== null &&
    !log.input?.durationEstimated &&
    log.input?.videoStreams === 0 &&
    decodedSec < declared - TRUNCATION_TOLERANCE_SEC
  ) {
    throw new ChatError(
      'UNSUPPORTED_MEDIA',
      `The audio is incomplete: ${decodedSec.toFixed(1)} s of the ${declared.toFixed(1)} s it declares`,
    );
  }
  return { durationMs: Math.round(decodedSec * 1000), loudness: integratedLoudness(log) };
}

/** ebur128's last summary (it prints one for an empty probe of the graph first). */
function integratedLoudness(log: FfmpegLog): number | null {
  let found: number | null = null;
  for (const line of log.tail) {
    const match = /^\s*I:\s+(-?\d+(?:\.\d+)?) LUFS/.exec(line);
    if (match) found = Number(match[1]);
  }
  return found;
}

/** The second run: stereo, the measured gain, a limiter, AAC-LC in MP4. */
function encodeOptions(loudness: number | null): string[] {
  const gainDb =
    loudness === null || loudness <= SILENT_LUFS ? 0 : Math.min(MAX_GAIN_DB, TARGET_LUFS - loudness);
  const filters = [
    'asetpts=N/SR/TB',
    'aformat=channel_layouts=stereo',
    `volume=${gainDb.toFixed(2)}dB`,
    `alimiter=limit=${(10 ** (LIMIT_DBFS / 20)).toFixed(4)}:level=disabled:latency=1`,
    `aresample=${OUTPUT_RATE}`,
  ];
  return [
    ...['-map', '0:a:0', '-map_chapters', '-1', '-af', filters.join(',')],
    ...['-c:a', 'aac', '-b:a', OUTPUT_BITRATE, '-ac', '2', '-ar', String(OUTPUT_RATE)],
    ...['-movflags', '+faststart', '-f', 'mp4'],
  ];
}

function toChatError(err: unknown, maxSec: number): Error {
  if (err instanceof ChatError) return err;
  if (!(err instanceof FfmpegError)) return err instanceof Error ? err : new Error(String(err));
  switch (err.reason) {
    case 'output-limit':
      return new ChatError('MEDIA_TOO_LONG', `Music tracks are limited to ${maxSec} s`, { max: maxSec });
    case 'timeout':
      return new ChatError('UNSUPPORTED_MEDIA', 'The audio took too long to process');
    case 'spawn':
      return new ChatError('MEDIA_UNAVAILABLE');
    case 'exit':
      return err.log.input && err.log.input.audioStreams === 0
        ? new ChatError('UNSUPPORTED_MEDIA', 'The file has no audio')
        : new ChatError('UNSUPPORTED_MEDIA', 'Not audio the server can read');
  }
}
