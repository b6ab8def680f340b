// Voice messages: any recording ffmpeg decodes becomes one mono AAC-LC file in MP4 (.m4a).
//
// Format: AAC-LC in MP4 is the one format that current Chromium, Firefox and Safari all play
// (Opus in WebM, what Chromium and Firefox record, does not play in older Safari). 24 kHz is
// plenty for speech; 48 kb/s is the top of the usual speech range because ffmpeg's own AAC
// encoder (the one every build has; Debian's has no libfdk) is weaker than others at low bit
// rates: 30 s come to about 180 kB. `+faststart` puts the index first, so a player can start
// before the whole file is in.
//
// Two ffmpeg runs. The first decodes once to 8 kHz mono float PCM on stdout, which this module
// reads to find the duration (WebM from MediaRecorder declares none), the silence at both ends
// and the waveform; beside it, in the same run, ffmpeg's ebur128 filter measures the integrated
// loudness. It stops as soon as more than maxSec of audio has come out (a byte cap), so a long
// file is refused without being decoded to its end. The second run encodes the trimmed span.
//
// Loudness: a measured gain to -16 LUFS (the usual target for speech on phones and the web) and a
// limiter at -1 dBFS, rather than loudnorm: loudnorm's one-pass mode changes the gain as it goes
// (it can pump in the pauses of speech) and resamples to 192 kHz internally, twice the time here;
// the integrated loudness of the gated EBU R128 measurement is what it would aim at anyway. The
// gain is capped at +30 dB so that a near-silent recording is not blown up into hiss; a clip too
// short for the measurement (under 0.4 s) keeps its level.
//
// Silence: 10 ms frames, "sound" above the loudest frame minus 35 dB (and above -60 dBFS); what
// comes before the first and after the last sound frame is cut, keeping 100 ms of margin (an
// Opus decoder rings on for some 50 ms after a sound ends, which already counts as sound). A
// recording with no frame above -60 dBFS is kept whole, with a flat zero waveform.
//
// Truncation: ffmpeg 5.1 decodes what it can of a cut file and mostly exits with 0 (only an MP4
// whose index was at the end fails outright: "moov atom not found"). A cut WebM ends in "File
// ended prematurely", an MP4 with its index first in "partial file", a WAV in "Invalid PCM
// packet", all logged at error level, which `-xerror` does not turn into a failure for the
// demuxers' messages. So any error-level line of the decoding run refuses the file; and where
// the container declares a duration (and the input has no video, whose length would count in
// it), decoding less than that by more than 0.25 s refuses it too (an MP3 with a Xing header
// that was cut logs only a warning).

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { WAVEFORM_LENGTH } from '@chat/protocol';

import { assertWholeAudio, AUDIO_DEMUXERS, audioError, integratedLoudness, loudnessFilters } from './audio';
import { FfmpegBinary, FfmpegLog, readFfmpegOutput, runFfmpeg } from './ffmpeg';

const WORDS = { things: 'Voice messages', noun: 'recording' };

export interface VoiceResult {
  /** The written output file (in outDir); the caller moves it into the blob store. */
  path: string;
  mime: 'audio/mp4';
  durationMs: number;
  waveform: number[];
}

export interface VoiceOptions {
  maxSec: number;
  /** Per ffmpeg run; default 60 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

const ANALYSIS_RATE = 8_000;
const FRAME_SAMPLES = ANALYSIS_RATE / 100; // 10 ms
const SILENCE_FLOOR_DB = -60;
const SILENCE_BELOW_LOUDEST_DB = 35;
const TRIM_MARGIN_SAMPLES = (ANALYSIS_RATE * 100) / 1000;

const MAX_GAIN_DB = 30;

const OUTPUT_RATE = 24_000;
const OUTPUT_BITRATE = '48k';

/**
 * Any recording ffmpeg decodes (WebM/Opus, MP4/AAC, WAV, MP3, Ogg …) → a loudness-normalised
 * mono AAC-LC .m4a in outDir with the silence at both ends trimmed, its duration and a waveform
 * of WAVEFORM_LENGTH values 0..255. UNSUPPORTED_MEDIA for anything that is not a whole, decodable
 * recording (or takes longer than timeoutMs per run); MEDIA_TOO_LONG past maxSec. On failure no
 * file is left in outDir.
 */
export async function processVoice(
  ffmpeg: FfmpegBinary,
  input: string,
  outDir: string,
  options: VoiceOptions,
): Promise<VoiceResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { samples, loudness } = await decode(ffmpeg, input, options.maxSec, timeoutMs);
  const span = findSpeech(samples);
  const output = join(outDir, `voice-${randomBytes(9).toString('base64url')}.m4a`);
  try {
    await runFfmpeg(ffmpeg, {
      input,
      demuxers: AUDIO_DEMUXERS,
      timeoutMs,
      output,
      outputOptions: encodeOptions(span, loudness),
    });
  } catch (err) {
    await rm(output, { force: true });
    throw audioError(err, options.maxSec, WORDS);
  }
  return {
    path: output,
    mime: 'audio/mp4',
    durationMs: Math.round(((span.end - span.start) * 1000) / ANALYSIS_RATE),
    waveform: waveform(samples, span),
  };
}

interface Decoded {
  samples: Float32Array;
  /** Integrated loudness in LUFS, null when ebur128's summary was not found. */
  loudness: number | null;
}

/** The first run: 8 kHz mono PCM for the analysis, and the loudness; refuses what is not a whole recording. */
async function decode(
  ffmpeg: FfmpegBinary,
  input: string,
  maxSec: number,
  timeoutMs: number,
): Promise<Decoded> {
  const pcm = new PcmCollector();
  let log: FfmpegLog;
  try {
    log = await readFfmpegOutput(
      ffmpeg,
      {
        input,
        demuxers: AUDIO_DEMUXERS,
        timeoutMs,
        maxBytes: maxSec * ANALYSIS_RATE * Float32Array.BYTES_PER_ELEMENT,
        outputOptions: [
          '-filter_complex',
          // Timestamps from the sample count, as in the encoding run, so both see the same timeline.
          '[0:a:0]asetpts=N/SR/TB,aformat=channel_layouts=mono,asplit=2[m][p];' +
            '[m]ebur128=framelog=verbose[e];[e]anullsink;' +
            `[p]aresample=${ANALYSIS_RATE},aformat=sample_fmts=flt[pcm]`,
          ...['-map', '[pcm]', '-f', 'f32le'],
        ],
      },
      (chunk) => pcm.push(chunk),
    );
  } catch (err) {
    throw audioError(err, maxSec, WORDS);
  }
  const samples = pcm.samples;
  const decodedSec = samples.length / ANALYSIS_RATE;
  assertWholeAudio(log, decodedSec, WORDS);
  return { samples, loudness: integratedLoudness(log) };
}

/** A span of samples at ANALYSIS_RATE; silent when nothing in it is louder than the floor. */
interface Span {
  start: number;
  end: number;
  silent: boolean;
}

/** Where the sound is, with a margin on each side; the whole recording when it is all silence. */
function findSpeech(samples: Float32Array): Span {
  const frames = Math.ceil(samples.length / FRAME_SAMPLES);
  const energy = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    energy[f] = meanSquare(samples, f * FRAME_SAMPLES, Math.min(samples.length, (f + 1) * FRAME_SAMPLES));
  }
  const loudest = energy.reduce((max, e) => Math.max(max, e), 0);
  const floor = fromDb(SILENCE_FLOOR_DB);
  if (loudest < floor) return { start: 0, end: samples.length, silent: true };
  const threshold = Math.max(floor, loudest * fromDb(-SILENCE_BELOW_LOUDEST_DB));
  const first = energy.findIndex((e) => e >= threshold);
  const last = energy.findLastIndex((e) => e >= threshold);
  return {
    start: Math.max(0, first * FRAME_SAMPLES - TRIM_MARGIN_SAMPLES),
    end: Math.min(samples.length, (last + 1) * FRAME_SAMPLES + TRIM_MARGIN_SAMPLES),
    silent: false,
  };
}

/** RMS per bucket of the span, scaled so that the loudest bucket is 255; all zeros for silence. */
function waveform(samples: Float32Array, span: Span): number[] {
  const values = new Array<number>(WAVEFORM_LENGTH).fill(0);
  if (span.silent) return values;
  const length = span.end - span.start;
  for (let b = 0; b < WAVEFORM_LENGTH; b++) {
    const from = span.start + Math.floor((b * length) / WAVEFORM_LENGTH);
    const to = Math.max(from + 1, span.start + Math.floor(((b + 1) * length) / WAVEFORM_LENGTH));
    values[b] = Math.sqrt(meanSquare(samples, from, Math.min(to, span.end)));
  }
  const loudest = Math.max(...values);
  return values.map((v) => (loudest > 0 ? Math.round((v / loudest) * 255) : 0));
}

/** The second run: the span, mono, the measured gain, a limiter, AAC-LC in MP4. */
function encodeOptions(span: Span, loudness: number | null): string[] {
  const filters = [
    'asetpts=N/SR/TB',
    `atrim=start=${seconds(span.start)}:end=${seconds(span.end)}`,
    'asetpts=PTS-STARTPTS',
    'aformat=channel_layouts=mono',
    ...loudnessFilters(loudness, MAX_GAIN_DB),
    `aresample=${OUTPUT_RATE}`,
  ];
  return [
    ...['-map', '0:a:0', '-map_chapters', '-1', '-af', filters.join(',')],
    ...['-c:a', 'aac', '-b:a', OUTPUT_BITRATE, '-ac', '1', '-ar', String(OUTPUT_RATE)],
    ...['-movflags', '+faststart', '-f', 'mp4'],
  ];
}

function meanSquare(samples: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i] * samples[i];
  return to > from ? sum / (to - from) : 0;
}

/** A power ratio from decibels. */
function fromDb(db: number): number {
  return 10 ** (db / 10);
}

function seconds(sample: number): string {
  return (sample / ANALYSIS_RATE).toFixed(6);
}

/** Little-endian float32 samples from stdout pieces, which may split a sample. */
class PcmCollector {
  private data = new Float32Array(ANALYSIS_RATE * 10);
  private length = 0;
  private carry: Buffer = Buffer.alloc(0);

  public push(chunk: Buffer): void {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const whole = bytes.length - (bytes.length % 4);
    if (this.length + whole / 4 > this.data.length) {
      const grown = new Float32Array(Math.max(this.data.length * 2, this.length + whole / 4));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    for (let i = 0; i < whole; i += 4) this.data[this.length++] = bytes.readFloatLE(i);
    this.carry = Buffer.from(bytes.subarray(whole));
  }

  public get samples(): Float32Array {
    return this.data.subarray(0, this.length);
  }
}
