import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

export interface ServiceSpec {
  /** Named in errors: `edge`, `api`. */
  name: string;
  /** The built entry point, relative to the repository (`dist/apps/edge/src/main.js`). */
  entry: string;
  /** Lines of its output that say it is ready, each capturing the port it listens on. */
  ready: Record<string, RegExp>;
  env: Record<string, string>;
  startTimeoutMs?: number;
  /** A command it runs under (`['prlimit', '--nofile=200:200']`), before `node`. */
  wrap?: string[];
}

/**
 * One built service of the system (`node dist/apps/<name>/src/main.js`) as a child process, as
 * `npm start` runs it: started with its environment, ready once its output has named every port
 * it listens on, stopped with a signal. The edge and the api launchers are both this.
 */
export class ServiceProcess {
  /** Everything it printed since its last start, stdout and stderr interleaved. */
  public output = '';
  /** The ports its output named, by the keys of `ready`. */
  public ports: Record<string, number> = {};
  private child?: ChildProcess;

  constructor(private readonly spec: ServiceSpec) {}

  public get pid(): number | undefined {
    return this.child?.pid;
  }

  public get running(): boolean {
    const child = this.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Starts it with `env` over the spec's; resolves once it is ready, rejects if it exits or times out first. */
  public start(env: Record<string, string> = {}): Promise<void> {
    const { name, entry, ready, startTimeoutMs = 20_000, wrap = [] } = this.spec;
    this.output = '';
    this.ports = {};
    const [command, ...args] = [...wrap, process.execPath, join(ROOT, entry)];
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...this.spec.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise((res, rej) => {
      const timer = setTimeout(
        () => rej(new Error(`${name} did not start:\n${this.output}`)),
        startTimeoutMs,
      );
      const onData = (chunk: Buffer): void => {
        this.output += chunk.toString();
        if (Object.keys(this.ports).length === Object.keys(ready).length) return;
        const found: Record<string, number> = {};
        for (const [key, pattern] of Object.entries(ready)) {
          const m = pattern.exec(this.output);
          if (!m) return;
          found[key] = Number(m[1]);
        }
        this.ports = found;
        clearTimeout(timer);
        res();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        rej(new Error(`${name} exited with ${signal ?? code}:\n${this.output}`));
      });
    });
  }

  /** SIGTERM (graceful) or SIGKILL; resolves with the exit code once the process has exited. */
  public stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return Promise.resolve(child?.exitCode ?? null);
    const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
    child.kill(signal);
    return exited;
  }
}

/** A port free right now (the kernel picks it), for services that must agree on one before they start. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** What a service that stopped by itself left: its exit code and what it wrote to each stream. */
export interface ServiceExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a built program (`dist/apps/<name>/src/main.js`) that is expected to exit by itself (a
 * service refusing to start, a command such as `ops backup <file>` given as `args`), and resolves
 * once it has exited; rejects if it is still running after `timeoutMs` (it is killed).
 */
export function runUntilExit(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 20_000,
  args: string[] = [],
): Promise<ServiceExit> {
  const child = spawn(process.execPath, [join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      NO_COLOR: '1',
      HOST: '127.0.0.1',
      TCP_PORT: '0',
      WS_PORT: '0',
      CONTROL_PORT: '0',
      HTTP_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`${entry} still running after ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    });
  });
}
