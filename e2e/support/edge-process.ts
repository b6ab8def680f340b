import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { ChatClient } from '@chat/protocol';

export const ROOT = resolve(__dirname, '..', '..');
export const ADMIN = { user: 'admin', password: 'admin-password-123' };

export interface EdgeOptions {
  env?: Record<string, string>;
  /** Reuse a data directory (restart tests); a fresh temporary one otherwise. */
  dataDir?: string;
}

/**
 * The real edge as a child process (`node dist/apps/edge/src/main.js`) on a free port and a
 * fresh data directory, as `npm start` runs it.
 */
export class EdgeProcess {
  public port = 0;
  public wsPort = 0;
  public readonly host = '127.0.0.1';
  public output = '';
  private child?: ChildProcess;

  private constructor(
    public readonly dataDir: string,
    private readonly env: Record<string, string>,
    private readonly ownsDataDir: boolean,
  ) {}

  public static async start(options: EdgeOptions = {}): Promise<EdgeProcess> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'chat-e2e-'));
    const edge = new EdgeProcess(dataDir, options.env ?? {}, !options.dataDir);
    await edge.spawn();
    return edge;
  }

  public get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process again on the same data directory (a new port unless `samePort`). */
  public async restart(options: { samePort?: boolean } = {}): Promise<void> {
    const port = this.port;
    await this.stop();
    if (options.samePort) this.env.TCP_PORT = String(port);
    await this.spawn();
  }

  public async connect(): Promise<ChatClient> {
    return ChatClient.connect({ host: this.host, port: this.port });
  }

  /** Registers (if needed) and logs in a new connection as `user`. */
  public async login(user: string, password = `${user}-password`, since?: number): Promise<ChatClient> {
    const client = await this.connect();
    await client.request('register', { user, password }).catch(() => undefined);
    await client.request('login', { user, password, ...(since === undefined ? {} : { since }) });
    return client;
  }

  public async admin(): Promise<ChatClient> {
    const client = await this.connect();
    await client.request('login', ADMIN);
    return client;
  }

  /** SIGTERM (graceful) or SIGKILL; resolves once the process has exited. */
  public async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
    child.kill(signal);
    return exited;
  }

  public async dispose(): Promise<void> {
    await this.stop();
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  private spawn(): Promise<void> {
    this.output = '';
    this.port = 0;
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/edge/src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NO_COLOR: '1',
        HOST: this.host,
        TCP_PORT: '0',
        WS_PORT: '0',
        // Tests run edges side by side: each gets its own control port unless a test names one.
        CONTROL_PORT: '0',
        DATA_DIR: this.dataDir,
        ADMIN_USER: ADMIN.user,
        ADMIN_PASSWORD: ADMIN.password,
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`edge did not start:\n${this.output}`)), 20_000);
      const onData = (chunk: Buffer): void => {
        this.output += chunk.toString();
        const m = /listening on [^\s:]+:(\d+)/.exec(this.output);
        const ws = /WebSocket on ws:\/\/[^\s:]+:(\d+)/.exec(this.output);
        if (m && ws && this.port === 0) {
          this.port = Number(m[1]);
          this.wsPort = Number(ws[1]);
          clearTimeout(timer);
          res();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        rej(new Error(`edge exited with ${code}:\n${this.output}`));
      });
    });
  }
}

/** Resolves with the next event of `type` the client gets (or rejects after `ms`). */
export function nextEvent<T = Record<string, unknown>>(
  client: ChatClient,
  type: string,
  ms = 5_000,
): Promise<T> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      client.off(type, on);
      rej(new Error(`no ${type} event within ${ms} ms`));
    }, ms);
    const on = (frame: T): void => {
      clearTimeout(timer);
      client.off(type, on);
      res(frame);
    };
    client.on(type, on);
  });
}

/** Collects the events of `type` a client receives from now on. */
export function collect<T = Record<string, unknown>>(client: ChatClient, type: string): T[] {
  const seen: T[] = [];
  client.on(type, (f: T) => seen.push(f));
  return seen;
}

/** Waits until `check` passes (polling), for conditions reached asynchronously. */
export async function eventually(check: () => void | Promise<void>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
