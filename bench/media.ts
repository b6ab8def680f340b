/**
 * Media benchmark (protocol.md §10):
 *
 *   npm run bench:media -- --jobs 2 --voice 24 --images 24 --uploads 5
 *
 * 1. voice jobs per second: `--voice` recordings of 10 s (WebM/Opus, as Chromium records them)
 *    through processVoice, `--jobs` at once (default: the cores, as MEDIA_JOBS);
 * 2. image jobs per second: `--images` 12-megapixel camera JPEGs (4000×3000) through
 *    processPicture, `--jobs` at once;
 * 3. upload to reply: a 30 s recording sent with `file.offer` media voice to the built edge over
 *    TCP, timed from its last chunk to the `file.done` reply, `--uploads` times.
 * Inputs are made with ffmpeg first and not counted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { Command } from 'commander';

import { findFfmpeg, JobQueue, processPicture, processVoice } from '@chat/core';
import { ChatClient, DEFAULT_MAX_IMAGE_PX, DEFAULT_MAX_VOICE_SEC } from '@chat/protocol';

import { HOST, startEdge } from './edge';

interface Options {
  jobs: number;
  voice: number;
  images: number;
  uploads: number;
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--jobs <n>', 'jobs at once (MEDIA_JOBS)', Number, availableParallelism())
    .option('--voice <n>', 'voice jobs to time', Number, 24)
    .option('--images <n>', 'image jobs to time', Number, 24)
    .option('--uploads <n>', '30 s uploads to time end to end', Number, 5)
    .parse()
    .opts<Options>();
  const ffmpeg = await findFfmpeg(process.env.FFMPEG_PATH);
  if (!ffmpeg) throw new Error('bench:media needs ffmpeg (apt-get install ffmpeg, or FFMPEG_PATH)');
  console.log(
    `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node.js ${process.version}, ffmpeg ${ffmpeg.version}`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'chat-bench-media-'));
  try {
    const make = (...args: string[]) =>
      execFileSync(ffmpeg.path, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'ignore' });
    const speech = (seconds: number, file: string) => {
      // Speech-like: a voice band of noise whose loudness comes and goes four times a second.
      make(
        ...['-f', 'lavfi', '-i', `anoisesrc=color=pink:sample_rate=48000:duration=${seconds}`],
        ...['-af', 'bandpass=f=700:width_type=h:w=1200,volume=0.6*(0.6+0.4*sin(2*PI*4*t)):eval=frame'],
        ...['-c:a', 'libopus', '-b:a', '32k', join(dir, file)],
      );
      return join(dir, file);
    };
    const voice10 = speech(10, 'voice10.webm');
    const voice30 = speech(30, 'voice30.webm');
    const photo = join(dir, 'photo.jpg');
    make('-f', 'lavfi', '-i', 'testsrc2=size=4000x3000', '-frames:v', '1', '-q:v', '3', photo);

    const queue = new JobQueue(opts.jobs, Math.max(opts.voice, opts.images));
    const out = mkdtempSync(join(dir, 'out-'));
    const voiceRate = await rate(opts.voice, () =>
      queue.run(async () => {
        const r = await processVoice(ffmpeg, voice10, out, { maxSec: DEFAULT_MAX_VOICE_SEC });
        rmSync(r.path, { force: true });
      }),
    );
    console.log(`voice: ${round(voiceRate)} jobs/s (10 s WebM/Opus recordings, ${opts.jobs} at once)`);
    const imageRate = await rate(opts.images, () =>
      queue.run(() => processPicture(photo, { maxPx: DEFAULT_MAX_IMAGE_PX }, ffmpeg)),
    );
    console.log(
      `images: ${round(imageRate)} jobs/s (12 MP JPEGs to ${DEFAULT_MAX_IMAGE_PX} px + thumbnail, ${opts.jobs} at once)`,
    );

    const edge = await startEdge({ MEDIA_JOBS: String(opts.jobs) });
    try {
      const client = await ChatClient.connect({ host: HOST, port: edge.port });
      await client.request('register', { user: 'bench', password: 'bench-password' });
      await client.request('login', { user: 'bench', password: 'bench-password' });
      const data = readFileSync(voice30);
      const times: number[] = [];
      for (let i = 0; i < opts.uploads; i++) {
        let lastChunkAt = 0;
        await client.upload(
          data,
          { name: 'voice30.webm', mime: 'audio/webm', media: 'voice' },
          (sent, total) => {
            if (sent === total) lastChunkAt = performance.now();
          },
        );
        times.push(performance.now() - lastChunkAt);
      }
      await client.close();
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      console.log(
        `30 s recording (${Math.round(data.length / 1024)} KiB), end of upload to reply over TCP: ` +
          `median ${Math.round(median)} ms, min ${Math.round(times[0])} ms, max ${Math.round(times.at(-1)!)} ms (${opts.uploads} uploads)`,
      );
    } finally {
      edge.child.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `count` jobs at once (the queue bounds them) and returns jobs per second. */
async function rate(count: number, job: () => Promise<unknown>): Promise<number> {
  await job(); // warm-up: the first ffmpeg start and sharp's first use are not typical
  const start = performance.now();
  await Promise.all(Array.from({ length: count }, job));
  return count / ((performance.now() - start) / 1000);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
