import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ChatError, DEFAULT_MAX_VOICE_SEC, WAVEFORM_LENGTH } from '@chat/protocol';

import { FfmpegBinary, findFfmpeg } from './ffmpeg';
import {
  ffmpeg,
  loudness,
  probe,
  removeDir,
  streamed,
  tempDir,
  toneSource,
  truncated,
} from './testing/media-fixtures';
import { processVoice } from './voice';

// Real ffmpeg on inputs it makes itself. "Streamed" WebM is what MediaRecorder writes: no
// duration in the header, no cues (ffmpeg writing to a pipe cannot go back to add them).
describe(processVoice.name, () => {
  let binary: FfmpegBinary;
  let inputs: string;
  let outDir: string;
  const file: Record<string, string> = {};

  beforeAll(async () => {
    binary = (await findFfmpeg())!;
    inputs = await tempDir('voice-in-');
    const at = (name: string): string => join(inputs, name);
    const opus = ['-c:a', 'libopus', '-b:a', '32k'];
    await Promise.all([
      streamed(at('tone.webm'), ...toneSource(2, 1), ...opus, '-f', 'webm'),
      ffmpeg(at('stereo.m4a'), ...toneSource(1.5), '-ac', '2', '-c:a', 'aac', '-movflags', '+faststart'),
      // Safari's MediaRecorder writes fragmented MP4.
      ffmpeg(at('fragmented.mp4'), ...toneSource(1), '-c:a', 'aac', '-movflags', 'frag_keyframe+empty_moov'),
      ffmpeg(at('tone.wav'), ...toneSource(1)),
      ffmpeg(at('tone.mp3'), ...toneSource(1), '-c:a', 'libmp3lame'),
      ffmpeg(at('tone.ogg'), ...toneSource(1), '-c:a', 'libvorbis'),
      ffmpeg(at('silence.wav'), '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono:d=1'),
      ffmpeg(at('quiet.wav'), ...toneSource(2, 0.5, 0.0447)), // -30 dBFS RMS
      ffmpeg(at('loud.wav'), ...toneSource(2, 0.5, 0.9)), // -4 dBFS RMS
      ffmpeg(at('noise.ogg'), '-f', 'lavfi', '-i', 'anoisesrc=d=1:a=0.3:r=48000', ...opus),
      ffmpeg(at('video.mp4'), '-f', 'lavfi', '-i', 'testsrc2=d=0.5:s=160x120', '-c:v', 'mpeg4'),
      // Seven minutes at 8 kHz: cheap to make, and the decoding must stop at maxSec, not at 7:00.
      ffmpeg(at('long.wav'), ...toneSource(420, 0, 0.125, 8_000)),
      writeFile(at('random.webm'), randomBytes(64 * 1024)),
      writeFile(at('text.wav'), 'This is not a recording.\n'.repeat(100)),
    ]);
    await Promise.all([
      truncated(at('tone.webm'), at('cut.webm')),
      truncated(at('stereo.m4a'), at('cut.m4a')),
      truncated(at('tone.wav'), at('cut.wav')),
      truncated(at('tone.mp3'), at('cut.mp3')),
    ]);
    for (const name of await readdir(inputs)) file[name] = at(name);
  });
  afterAll(() => removeDir(inputs));

  beforeAll(async () => {
    outDir = await tempDir('voice-out-');
  });
  afterEach(async () => {
    for (const name of await readdir(outDir)) await removeDir(join(outDir, name));
  });
  afterAll(() => removeDir(outDir));

  const sut = (name: string, maxSec = DEFAULT_MAX_VOICE_SEC, timeoutMs?: number) =>
    processVoice(binary, file[name], outDir, { maxSec, timeoutMs });

  it('trims the silence around a tone in a streamed WebM/Opus, with a small margin', async () => {
    expect((await probe(file['tone.webm'])).format.duration).toBeUndefined(); // as MediaRecorder's

    const result = await sut('tone.webm');

    expect(result.mime).toBe('audio/mp4');
    expect(result.durationMs).toBeGreaterThan(2000);
    expect(Math.abs(result.durationMs - 2000)).toBeLessThanOrEqual(300);
    expect(await readdir(outDir)).toEqual([basename(result.path)]);
    const { streams } = await probe(result.path);
    expect(Number(streams[0].duration) * 1000).toBeCloseTo(result.durationMs, -2);
  });

  it('draws a waveform of 64 values 0..255, loud for the tone and low in the margins', async () => {
    const { waveform } = await sut('tone.webm');

    expect(waveform).toHaveLength(WAVEFORM_LENGTH);
    for (const value of waveform) {
      expect(Number.isInteger(value) && value >= 0 && value <= 255).toBe(true);
    }
    expect(Math.max(...waveform)).toBe(255);
    expect(waveform[0]).toBeLessThan(50);
    expect(waveform[WAVEFORM_LENGTH - 1]).toBeLessThan(50);
    expect(waveform[WAVEFORM_LENGTH / 2]).toBeGreaterThan(200);
  });

  it.each([
    ['stereo.m4a', 1500],
    ['fragmented.mp4', 1000],
    ['tone.wav', 1000],
    ['tone.mp3', 1000],
    ['tone.ogg', 1000],
    ['noise.ogg', 1000],
  ])('turns %s into mono AAC-LC in MP4 of %i ms, index first', async (name, durationMs) => {
    const result = await sut(name);

    expect(Math.abs(result.durationMs - durationMs)).toBeLessThanOrEqual(60);
    const { streams, format } = await probe(result.path);
    expect(format.format_name).toContain('mp4');
    expect(streams).toHaveLength(1);
    expect(streams[0]).toMatchObject({ codec_name: 'aac', profile: 'LC', channels: 1, sample_rate: '24000' });
    const bytes = await readFile(result.path);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat')); // +faststart
  });

  it('brings a quiet and a loud recording to about the same loudness, near -16 LUFS', async () => {
    const quiet = await loudness((await sut('quiet.wav')).path);
    const loud = await loudness((await sut('loud.wav')).path);

    expect(Math.abs(quiet - loud)).toBeLessThan(2);
    expect(Math.abs(quiet + 16)).toBeLessThan(2);
    expect(Math.abs(loud + 16)).toBeLessThan(2);
  });

  it('keeps an all-silent recording whole, with a zero waveform', async () => {
    const result = await sut('silence.wav');

    expect(Math.abs(result.durationMs - 1000)).toBeLessThanOrEqual(20);
    expect(result.waveform).toEqual(new Array(WAVEFORM_LENGTH).fill(0));
  });

  it('refuses a recording longer than maxSec, without decoding it to the end', async () => {
    const err = await sut('long.wav', 300).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({ code: 'MEDIA_TOO_LONG', details: { max: 300 } });
    expect(await readdir(outDir)).toEqual([]);
  });

  const damaged = 'The recording is damaged or incomplete (truncated?)';
  const unreadable = 'Not a recording the server can read';
  it.each([
    ['cut.webm', 'a WebM cut in half', damaged],
    ['cut.m4a', 'an MP4 (index first) cut in half', damaged],
    ['cut.wav', 'a WAV cut in half', damaged],
    ['cut.mp3', 'an MP3 cut in half', 'The recording is incomplete: 0.5 s of the 1.0 s it declares'],
    ['random.webm', 'random bytes', unreadable],
    ['text.wav', 'a text file named .wav', unreadable],
    ['video.mp4', 'a video without sound', 'The file has no audio'],
  ])('refuses %s (%s): UNSUPPORTED_MEDIA, nothing left in outDir', async (name, _what, message) => {
    const err = await sut(name).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({ code: 'UNSUPPORTED_MEDIA', message });
    expect(await readdir(outDir)).toEqual([]);
  });

  it('refuses a run that takes longer than timeoutMs: UNSUPPORTED_MEDIA', async () => {
    const err = await sut('tone.wav', DEFAULT_MAX_VOICE_SEC, 1).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'UNSUPPORTED_MEDIA', message: expect.stringContaining('too long') });
    expect(await readdir(outDir)).toEqual([]);
  });
});
