import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FfmpegBinary, FfmpegError, findFfmpeg, readFfmpegOutput, runFfmpeg } from './ffmpeg';
import { ffmpeg, removeDir, tempDir, toneSource } from './testing/media-fixtures';

const SYSTEM_FFMPEG = '/usr/bin/ffmpeg';

/** Whether the optional ffmpeg-static package is installed here (it is not in this checkout). */
function ffmpegStaticInstalled(): boolean {
  try {
    require.resolve('ffmpeg-static');
    return true;
  } catch {
    return false;
  }
}

describe(findFfmpeg.name, () => {
  it('takes a working configured path first (FFMPEG_PATH)', async () => {
    const found = await findFfmpeg(SYSTEM_FFMPEG);

    expect(found).toEqual({
      path: SYSTEM_FFMPEG,
      version: expect.stringMatching(/^\d/),
      source: 'FFMPEG_PATH',
    });
  });

  it.each([
    ['/nonexistent/ffmpeg', 'does not exist'],
    ['/bin/true', 'is not ffmpeg'],
  ])('falls through a configured path that %s to the next source', async (configured) => {
    const found = await findFfmpeg(configured);

    expect(found?.source).toBe(ffmpegStaticInstalled() ? 'ffmpeg-static' : 'PATH');
    expect(found?.path).not.toBe(configured);
  });

  it('finds ffmpeg on the PATH, as an absolute path', async () => {
    const found = await findFfmpeg();

    expect(found).toMatchObject({ source: ffmpegStaticInstalled() ? 'ffmpeg-static' : 'PATH' });
    expect(found?.path).toMatch(/^\//);
  });

  it('gives null when no source works', async () => {
    const path = process.env['PATH'];
    process.env['PATH'] = '';
    try {
      const found = await findFfmpeg();

      if (ffmpegStaticInstalled()) expect(found?.source).toBe('ffmpeg-static');
      else expect(found).toBeNull();
    } finally {
      process.env['PATH'] = path;
    }
  });
});

describe(runFfmpeg.name, () => {
  let binary: FfmpegBinary;
  let dir: string;
  let tone: string;

  beforeAll(async () => {
    binary = (await findFfmpeg(SYSTEM_FFMPEG))!;
    dir = await tempDir('ffmpeg-');
    tone = await ffmpeg(join(dir, 'tone.wav'), ...toneSource(1, 0, 0.125, 8_000));
    await writeFile(join(dir, 'text.wav'), 'not audio\n');
  });
  afterAll(() => removeDir(dir));

  const job = { demuxers: ['wav'], timeoutMs: 10_000 };

  it('writes the output and returns what ffmpeg said about the input', async () => {
    const output = join(dir, 'out.wav');

    const log = await runFfmpeg(binary, { ...job, input: tone, output, outputOptions: ['-c:a', 'pcm_u8'] });

    expect(log.input).toEqual({ durationSec: 1, durationEstimated: false, audioStreams: 1, videoStreams: 0 });
    expect(log.errors).toEqual([]);
    expect((await stat(output)).size).toBeGreaterThan(8_000);
  });

  it("rejects with ffmpeg's stderr when it fails", async () => {
    const err = await runFfmpeg(binary, {
      ...job,
      input: join(dir, 'text.wav'),
      output: join(dir, 'never.wav'),
      outputOptions: ['-c:a', 'pcm_u8'],
    }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(FfmpegError);
    expect(err).toMatchObject({ reason: 'exit', message: expect.stringContaining('Invalid data found') });
    expect((err as FfmpegError).stderr).toContain('Invalid data found');
    expect(await readdir(dir)).not.toContain('never.wav');
  });

  it('refuses a demuxer that is not allowed', async () => {
    const err = await runFfmpeg(binary, {
      ...job,
      demuxers: ['mp3'],
      input: tone,
      output: join(dir, 'never.wav'),
      outputOptions: ['-c:a', 'pcm_u8'],
    }).catch((e: unknown) => e);

    expect(err).toMatchObject({ reason: 'exit', message: expect.stringContaining('not on whitelist') });
  });

  it('kills ffmpeg after timeoutMs', async () => {
    // -re reads the input at its own pace: one second of audio takes one second.
    const err = await runFfmpeg(binary, {
      ...job,
      timeoutMs: 300,
      input: tone,
      inputOptions: ['-re'],
      output: join(dir, 'slow.wav'),
      outputOptions: ['-c:a', 'pcm_u8'],
    }).catch((e: unknown) => e);

    expect(err).toMatchObject({ reason: 'timeout' });
  });

  it('reports a binary that cannot be started', async () => {
    const missing = { path: join(dir, 'no-ffmpeg'), version: '0', source: 'PATH' as const };

    const err = await runFfmpeg(missing, {
      ...job,
      input: tone,
      output: join(dir, 'never.wav'),
      outputOptions: ['-c:a', 'pcm_u8'],
    }).catch((e: unknown) => e);

    expect(err).toMatchObject({ reason: 'spawn' });
  });
});

describe(readFfmpegOutput.name, () => {
  let binary: FfmpegBinary;
  let dir: string;
  let tone: string;

  beforeAll(async () => {
    binary = (await findFfmpeg(SYSTEM_FFMPEG))!;
    dir = await tempDir('ffmpeg-read-');
    tone = await ffmpeg(join(dir, 'tone.wav'), ...toneSource(1, 0, 0.125, 8_000));
  });
  afterAll(() => removeDir(dir));

  const pcm = { demuxers: ['wav'], timeoutMs: 10_000, outputOptions: ['-f', 's16le'] };

  it('hands over every byte of stdout', async () => {
    const chunks: Buffer[] = [];

    const log = await readFfmpegOutput(binary, { ...pcm, input: tone, maxBytes: 1e6 }, (c) => chunks.push(c));

    expect(Buffer.concat(chunks)).toHaveLength(16_000); // 1 s, 8 kHz, 16 bits
    expect(log.input?.audioStreams).toBe(1);
  });

  it('kills ffmpeg past maxBytes, after handing over exactly maxBytes', async () => {
    let received = 0;

    const err = await readFfmpegOutput(binary, { ...pcm, input: tone, maxBytes: 1000 }, (c) => {
      received += c.length;
    }).catch((e: unknown) => e);

    expect(err).toMatchObject({ reason: 'output-limit' });
    expect(received).toBe(1000);
  });

  it('stops when the reader throws, with its error', async () => {
    const stop = new Error('enough');

    const err = await readFfmpegOutput(binary, { ...pcm, input: tone, maxBytes: 1e6 }, () => {
      throw stop;
    }).catch((e: unknown) => e);

    expect(err).toBe(stop);
  });
});
