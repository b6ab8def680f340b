// ffmpeg, run from this one file. It is the only module that imports fluent-ffmpeg: that package is
// archived upstream and its maintainer advises writing ffmpeg command lines directly, so everything
// it does for us — building the argument list, spawning, the time limit, reading stderr — stays
// here, behind `runFfmpeg` and `readFfmpegOutput`, and replacing it with a plain `spawn` touches
// no other file. Callers describe a run as ffmpeg's own options (strings), never as fluent calls.
//
// Two fluent-ffmpeg quirks shape the code below. Its binary path and its capability cache
// (`ffmpeg -formats`, `-encoders`, probed once per process) are module-global, so every command
// sets the path again; one process is expected to use one binary. And it reads a `close` of its
// output stream as "the reader went away" and kills ffmpeg 20 ms later, which under load races
// with a normal exit; the stdout sink therefore never emits `close`.
//
// Every run reads its input through ffmpeg's file protocol only, with the demuxers the caller
// allows (`-format_whitelist`): an upload is a file, never a playlist (hls, concat) that would
// make ffmpeg open other files.

import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, resolve } from 'node:path';
import { Writable } from 'node:stream';

import ffmpeg from 'fluent-ffmpeg';

export interface FfmpegBinary {
  path: string;
  version: string;
  source: 'FFMPEG_PATH' | 'ffmpeg-static' | 'PATH';
}

/** How long `ffmpeg -version` may take before a candidate binary counts as not working. */
const VERSION_TIMEOUT_MS = 5_000;
/** Lines of stderr kept for error messages and for callers that read a filter's summary. */
const TAIL_LINES = 200;
/** Error-level lines kept; the first ones name the cause, the rest repeat it. */
const MAX_ERROR_LINES = 20;
/** After a kill, how long to wait for ffmpeg to report its exit before settling anyway. */
const EXIT_GRACE_MS = 5_000;

/**
 * Lookup order: `configured` (from FFMPEG_PATH) else require('ffmpeg-static') when installed
 * (an optional dependency: it may be absent or its binary missing) else `ffmpeg` on the PATH.
 * Each candidate must answer `<bin> -version` within a time limit; its version is read from
 * the answer ("5.1.9-0+deb12u1"). A configured path that does not work falls through to the
 * next source: the result's `source` says which one was used, so the caller can log that its
 * FFMPEG_PATH was ignored. null when none works.
 */
export async function findFfmpeg(configured?: string): Promise<FfmpegBinary | null> {
  const candidates: Array<[FfmpegBinary['source'], () => Promise<string | null>]> = [
    ['FFMPEG_PATH', async () => configured?.trim() || null],
    ['ffmpeg-static', async () => ffmpegStaticPath()],
    ['PATH', () => searchPath('ffmpeg')],
  ];
  for (const [source, locate] of candidates) {
    const path = await locate();
    if (path === null) continue;
    const version = await readVersion(path);
    if (version !== null) return { path, version, source };
  }
  return null;
}

/** ffmpeg-static's binary path, when the optional package is installed; it exports null on platforms it has no binary for. */
function ffmpegStaticPath(): string | null {
  try {
    // A guarded require: the package is optional and its install fails offline.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const found: unknown = require('ffmpeg-static');
    return typeof found === 'string' && found !== '' ? found : null;
  } catch {
    return null;
  }
}

/** The first executable `name` in a PATH directory, as an absolute path (later PATH changes do not move it). */
async function searchPath(name: string): Promise<string | null> {
  const file = process.platform === 'win32' ? `${name}.exe` : name;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = resolve(dir, file);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function readVersion(path: string): Promise<string | null> {
  return new Promise((done) => {
    execFile(
      path,
      ['-version'],
      { timeout: VERSION_TIMEOUT_MS, killSignal: 'SIGKILL', windowsHide: true, maxBuffer: 1024 * 1024 },
      (err, stdout) => {
        const match = err ? null : /^ffmpeg version (\S+)/m.exec(stdout);
        done(match ? match[1] : null);
      },
    );
  });
}

/** One ffmpeg run: one input file, one output, ffmpeg's own options. */
export interface FfmpegJob {
  /** A file path, read through the file protocol whatever its name looks like. */
  input: string;
  /** The demuxers ffmpeg may pick for the input (`-format_whitelist`), as `ffmpeg -demuxers` names them. */
  demuxers: readonly string[];
  /** Input options (before `-i`), beyond the ones every run gets. */
  inputOptions?: readonly string[];
  /** Output options: maps, filters, codec, format. Each element is one argument, never split. */
  outputOptions: readonly string[];
  /** ffmpeg is killed after this long. */
  timeoutMs: number;
}

/** What ffmpeg printed about the first input (before `Stream mapping`). */
export interface FfmpegInput {
  /** The container's declared duration; null for `Duration: N/A` (a WebM from MediaRecorder). */
  durationSec: number | null;
  /** ffmpeg guessed the duration from the bit rate ("Estimating duration from bitrate"): not a declaration. */
  durationEstimated: boolean;
  audioStreams: number;
  videoStreams: number;
}

/** What a run printed on stderr (logged with `-loglevel level+info`, so each line carries its level). */
export interface FfmpegLog {
  /** null when ffmpeg could not open the input at all. */
  input: FfmpegInput | null;
  /** Lines logged at error level or worse: a damaged or truncated input, even when ffmpeg exits with 0. */
  errors: string[];
  /** The last lines, for messages and for filters that print a summary at the end (ebur128). */
  tail: string[];
}

export type FfmpegFailure =
  | 'exit' // exited with an error, or was killed by someone else
  | 'timeout' // ran longer than the job's timeoutMs
  | 'output-limit' // wrote more than readFfmpegOutput's maxBytes
  | 'spawn'; // the binary could not be started

/** A failed run, carrying what ffmpeg printed. */
export class FfmpegError extends Error {
  constructor(
    public readonly reason: FfmpegFailure,
    message: string,
    public readonly log: FfmpegLog,
  ) {
    super(message);
    this.name = 'FfmpegError';
  }

  /** The tail of ffmpeg's stderr. */
  public get stderr(): string {
    return this.log.tail.join('\n');
  }
}

/** Runs one ffmpeg command that writes `output` (overwritten); resolves with its log when it exits with 0. */
export function runFfmpeg(binary: FfmpegBinary, job: FfmpegJob & { output: string }): Promise<FfmpegLog> {
  return new Run(binary, job, `file:${resolve(job.output)}`, Promise.resolve()).result;
}

/**
 * Runs one ffmpeg command that writes to stdout (give the format, e.g. `-f f32le`) and hands
 * each piece of its output to `onData` as it comes. More than `maxBytes` of output kills ffmpeg
 * and rejects with reason 'output-limit' (onData has then seen exactly maxBytes); onData throwing
 * kills it and rejects with that error. Resolves once ffmpeg exited with 0 and every byte was read.
 */
export function readFfmpegOutput(
  binary: FfmpegBinary,
  job: FfmpegJob & { maxBytes: number },
  onData: (chunk: Buffer) => void,
): Promise<FfmpegLog> {
  let received = 0;
  let finished!: () => void;
  const allRead = new Promise<void>((done) => (finished = done));
  const sink = new Writable({
    emitClose: false, // see the header: a `close` would make fluent-ffmpeg kill the run
    write(chunk: Buffer, _encoding, next): void {
      // After a failure the rest is drained and dropped, so that ffmpeg is never stuck on a full pipe.
      if (!run.failed) {
        const room = job.maxBytes - received;
        received += chunk.length;
        try {
          if (room > 0) onData(chunk.length > room ? chunk.subarray(0, room) : chunk);
          if (chunk.length > room) {
            run.fail('output-limit', `ffmpeg wrote more than ${job.maxBytes} bytes`);
          }
        } catch (err) {
          run.failWith(err instanceof Error ? err : new Error(String(err)));
        }
      }
      next();
    },
  });
  sink.on('finish', () => finished());
  // The sink only writes once ffmpeg runs, after this line.
  const run = new Run(binary, job, sink, allRead);
  return run.result;
}

/** One fluent-ffmpeg command, settled once: when ffmpeg has exited (also after a kill), never before. */
class Run {
  public readonly result: Promise<FfmpegLog>;
  private readonly stderr = new StderrLog();
  private readonly command: ffmpeg.FfmpegCommand;
  private readonly timer: NodeJS.Timeout;
  private failure: Error | null = null;
  private spawned = false;
  private settled = false;
  private settle!: (err: Error | null) => void;

  constructor(binary: FfmpegBinary, job: FfmpegJob, target: string | Writable, allRead: Promise<void>) {
    this.result = new Promise<FfmpegLog>((resolveRun, rejectRun) => {
      this.settle = (err) => {
        if (this.settled) return;
        this.settled = true;
        clearTimeout(this.timer);
        if (err) rejectRun(err);
        else resolveRun(this.stderr.log);
      };
    });
    this.command = ffmpeg({ stdoutLines: TAIL_LINES })
      .setFfmpegPath(binary.path)
      .input(`file:${resolve(job.input)}`)
      .inputOptions(
        ...['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'level+info'],
        ...['-protocol_whitelist', 'file', '-format_whitelist', job.demuxers.join(',')],
        ...(job.inputOptions ?? []),
      )
      .output(target)
      // -map_metadata -1 first: no tag of the input reaches an output, and the call always gets
      // more than one argument (fluent-ffmpeg splits a lone "a b" argument at its space).
      .outputOptions('-map_metadata', '-1', ...job.outputOptions);
    this.command.on('start', () => {
      this.spawned = true;
      // fluent-ffmpeg's own handler of a failed spawn (ENOENT, EAGAIN …) throws a TypeError out of
      // the event (it reads stderr buffers that do not exist then) and never reports the run as
      // ended. 'start' comes synchronously after spawn(), the spawn error a tick later: replace it.
      const child = (this.command as unknown as { ffmpegProc?: NodeJS.EventEmitter }).ffmpegProc;
      child?.removeAllListeners('error').on('error', (err: Error) => {
        this.settle(this.error('spawn', `ffmpeg could not be started (${err.message})`));
      });
      if (this.failure) this.kill(); // failed (timed out) before the process existed
    });
    this.command.on('stderr', (line) => this.stderr.add(line));
    this.command.on('error', (err: NodeJS.ErrnoException) => {
      if (this.failure) return this.settle(this.failure);
      if (err.syscall?.startsWith('spawn') || err.code === 'ENOENT' || err.code === 'EACCES') {
        return this.settle(this.error('spawn', `ffmpeg could not be started (${err.message})`));
      }
      this.settle(this.error('exit', `ffmpeg failed: ${this.stderr.cause() || err.message}`));
    });
    this.command.on('end', () => {
      void allRead.then(() => this.settle(this.failure));
    });
    this.timer = setTimeout(
      () => this.fail('timeout', `ffmpeg took longer than ${job.timeoutMs} ms`),
      job.timeoutMs,
    );
    this.command.run();
  }

  public get failed(): boolean {
    return this.failure !== null;
  }

  public fail(reason: FfmpegFailure, message: string): void {
    this.failWith(this.error(reason, message));
  }

  /** Kills ffmpeg; the run rejects with `err` once ffmpeg has exited. */
  public failWith(err: Error): void {
    if (this.failure || this.settled) return;
    this.failure = err;
    clearTimeout(this.timer);
    this.kill();
    // fluent-ffmpeg reports the exit of a killed process; this only guards against it not doing so.
    setTimeout(() => this.settle(err), EXIT_GRACE_MS).unref();
  }

  private kill(): void {
    if (this.spawned) this.command.kill('SIGKILL');
  }

  private error(reason: FfmpegFailure, message: string): FfmpegError {
    return new FfmpegError(reason, message, this.stderr.log);
  }
}

/** Reads ffmpeg's stderr line by line: the first input's summary, the error lines and a tail. */
class StderrLog {
  private readonly tail: string[] = [];
  private readonly errors: string[] = [];
  private input: FfmpegInput | null = null;
  private readingInput = false;
  private durationEstimated = false;

  public add(line: string): void {
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    if (/\[(error|fatal|panic)\] /.test(line) && this.errors.length < MAX_ERROR_LINES) {
      this.errors.push(line.replace(/^\[[^\]]*@ 0x[0-9a-f]+\] /, '').replace(/^\[\w+\] /, ''));
    }
    if (line.includes('Estimating duration from bitrate')) this.durationEstimated = true;
    if (/\bInput #0, /.test(line)) {
      this.readingInput = true;
      this.input = { durationSec: null, durationEstimated: false, audioStreams: 0, videoStreams: 0 };
    } else if (/\b(Input #[1-9]|Output #0|Stream mapping:)/.test(line)) {
      this.readingInput = false;
    } else if (this.readingInput && this.input) {
      const duration = /\bDuration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(line);
      if (duration) {
        this.input.durationSec = Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]);
      }
      const stream = /\bStream #0:\d+\S*: (Audio|Video):/.exec(line);
      if (stream?.[1] === 'Audio') this.input.audioStreams++;
      if (stream?.[1] === 'Video') this.input.videoStreams++;
    }
  }

  /** The most telling lines for an error message: the error lines, else the last lines. */
  public cause(): string {
    const lines = this.errors.length > 0 ? this.errors.slice(0, 3) : this.tail.slice(-3);
    return lines.join(' | ').trim();
  }

  public get log(): FfmpegLog {
    return {
      input: this.input && { ...this.input, durationEstimated: this.durationEstimated },
      errors: [...this.errors],
      tail: [...this.tail],
    };
  }
}
