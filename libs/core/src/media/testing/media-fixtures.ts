import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

/**
 * Inputs for the media specs, made by the real ffmpeg from its lavfi sources (no recorded files
 * in the repository), and the measurements the specs make on outputs with ffmpeg and ffprobe.
 */

const run = promisify(execFile);

export const FFMPEG = 'ffmpeg';
export const FFPROBE = 'ffprobe';

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Runs ffmpeg with `args` (lavfi inputs and an output) and returns the output path. */
export async function ffmpeg(output: string, ...args: string[]): Promise<string> {
  await run(FFMPEG, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args, output]);
  return output;
}

/** ffmpeg's output through a pipe, as a recorder streams it: no seeking back to write a duration or cues. */
export async function streamed(output: string, ...args: string[]): Promise<string> {
  const child = spawn(FFMPEG, ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args, 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))));
  });
  await Promise.all([pipeline(child.stdout, createWriteStream(output)), exited]);
  return output;
}

/**
 * An audio source: silence, then a 440 Hz tone of `toneSec` at `amplitude` (peak, 0..1), then
 * silence; `rate` Hz, mono.
 */
export function toneSource(toneSec: number, silenceSec = 0, amplitude = 0.125, rate = 48_000): string[] {
  const start = silenceSec;
  const end = silenceSec + toneSec;
  const total = end + silenceSec;
  const expr = `if(between(t\\,${start}\\,${end})\\,${amplitude}*sin(2*PI*440*t)\\,0)`;
  return ['-f', 'lavfi', '-i', `aevalsrc=${expr}:s=${rate}:d=${total}`];
}

/** The first half of `path`'s bytes, as a recording cut short in transfer. */
export async function truncated(path: string, output: string): Promise<string> {
  const bytes = await readFile(path);
  await writeFile(output, bytes.subarray(0, Math.floor(bytes.length / 2)));
  return output;
}

export interface ProbedStream {
  codec_name: string;
  codec_type: string;
  profile?: string;
  channels?: number;
  sample_rate?: string;
  duration?: string;
  width?: number;
  height?: number;
}

/** ffprobe's view of a file's streams and container (ffprobe ships beside Debian's ffmpeg; tests only). */
export async function probe(path: string): Promise<{
  streams: ProbedStream[];
  format: { format_name: string; duration?: string };
}> {
  const { stdout } = await run(FFPROBE, [
    '-v',
    'error',
    '-show_streams',
    '-show_format',
    '-of',
    'json',
    path,
  ]);
  return JSON.parse(stdout);
}

/** Integrated loudness in LUFS, as ffmpeg's ebur128 filter measures it. */
export async function loudness(path: string): Promise<number> {
  const { stderr } = await run(FFMPEG, [
    '-hide_banner',
    '-nostats',
    '-i',
    path,
    '-af',
    'ebur128',
    '-f',
    'null',
    '-',
  ]);
  const values = [...stderr.matchAll(/^\s*I:\s+(-?\d+(?:\.\d+)?) LUFS/gm)];
  return Number(values[values.length - 1][1]);
}
