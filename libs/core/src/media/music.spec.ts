import { randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ChatError } from '@chat/protocol';

import { FfmpegBinary, findFfmpeg } from './ffmpeg';
import { MAX_MUSIC_SEC, processMusic } from './music';
import { ffmpeg, loudness, probe, removeDir, tempDir, toneSource, truncated } from './testing/media-fixtures';

// Real ffmpeg on inputs it makes itself.
describe(processMusic.name, () => {
  let binary: FfmpegBinary;
  let inputs: string;
  let outDir: string;
  const file: Record<string, string> = {};

  beforeAll(async () => {
    binary = (await findFfmpeg())!;
    inputs = await tempDir('music-in-');
    const at = (name: string): string => join(inputs, name);
    await Promise.all([
      ffmpeg(at('quiet.wav'), ...toneSource(2, 0.5, 0.0447)), // -30 dBFS RMS, mono
      ffmpeg(at('tone.mp3'), ...toneSource(3), '-ac', '2', '-c:a', 'libmp3lame'),
      ffmpeg(at('tone.flac'), ...toneSource(1.5)),
      ffmpeg(at('long.wav'), ...toneSource(30, 0, 0.125, 8_000)),
      ffmpeg(at('video.mp4'), '-f', 'lavfi', '-i', 'testsrc2=d=0.5:s=160x120', '-c:v', 'mpeg4'),
      writeFile(at('random.mp3'), randomBytes(64 * 1024)),
    ]);
    await truncated(at('quiet.wav'), at('cut.wav'));
    for (const name of await readdir(inputs)) file[name] = at(name);
    outDir = await tempDir('music-out-');
  });
  afterEach(async () => {
    for (const name of await readdir(outDir)) await removeDir(join(outDir, name));
  });
  afterAll(async () => {
    await removeDir(inputs);
    await removeDir(outDir);
  });

  const sut = (name: string, maxSec = MAX_MUSIC_SEC) => processMusic(binary, file[name], outDir, { maxSec });

  it('makes stereo 44.1 kHz AAC-LC in MP4, its silence kept', async () => {
    const result = await sut('quiet.wav');

    expect(result).toMatchObject({ mime: 'audio/mp4', durationMs: 3000 });
    const probed = await probe(result.path);
    expect(probed.streams).toHaveLength(1);
    expect(probed.streams[0]).toMatchObject({
      codec_name: 'aac',
      profile: 'LC',
      channels: 2,
      sample_rate: '44100',
    });
    expect(Number(probed.format.duration)).toBeCloseTo(3, 0);
    expect(probed.format.format_name).toContain('mp4');
  });

  it('raises a quiet track towards -16 LUFS', async () => {
    const result = await sut('quiet.wav');
    expect(Math.abs((await loudness(result.path)) + 16)).toBeLessThan(1.5);
  });

  it.each(['tone.mp3', 'tone.flac'])('reads %s, the duration decoded', async (name) => {
    const result = await sut(name);
    expect(result.durationMs).toBeGreaterThan(name === 'tone.mp3' ? 2900 : 1400);
    expect(result.durationMs).toBeLessThan(name === 'tone.mp3' ? 3200 : 1600);
  });

  it.each([
    ['random.mp3', 'UNSUPPORTED_MEDIA'],
    ['video.mp4', 'UNSUPPORTED_MEDIA'],
    ['cut.wav', 'UNSUPPORTED_MEDIA'],
  ])('refuses %s with %s and leaves no file', async (name, code) => {
    await expect(sut(name)).rejects.toMatchObject({ code });
    expect(await readdir(outDir)).toEqual([]);
  });

  it('refuses more than maxSec with MEDIA_TOO_LONG', async () => {
    const err = await sut('long.wav', 10).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({ code: 'MEDIA_TOO_LONG', details: { max: 10 } });
    expect(await readdir(outDir)).toEqual([]);
  });
});
