import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { ChatClient } from '@chat/protocol';

import { ADMIN, EdgeProcess, ROOT } from './edge-process';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  json?: unknown;
  body?: string | FormData | Blob;
  headers?: Record<string, string>;
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

/** The real api as a child process (`node dist/apps/api/src/main.js`), HTTP on a free port. */
export class ApiProcess {
  public port = 0;
  public output = '';
  private child?: ChildProcess;

  constructor(
    public readonly host: string,
    private readonly env: Record<string, string>,
  ) {}

  public get baseUrl(): string {
    return `http://${this.host}:${this.port}`;
  }

  public start(): Promise<void> {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', HOST: this.host, HTTP_PORT: '0', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.port = 0;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`api did not start:\n${this.output}`)), 20_000);
      const onData = (chunk: Buffer): void => {
        this.output += chunk.toString();
        const m = /Admin API on http:\/\/[^\s/]+:(\d+)\/api, Swagger UI on /.exec(this.output);
        if (m && this.port === 0) {
          this.port = Number(m[1]);
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`api exited with ${code}:\n${this.output}`));
      });
    });
  }

  public async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * The whole system as `npm start` runs it: the edge and the api as two processes on one data
 * directory, the api reaching the edge over the real control channel (a free CONTROL_PORT).
 */
export class SystemProcess {
  private constructor(
    public readonly edge: EdgeProcess,
    public readonly api: ApiProcess,
    public readonly controlPort: number,
  ) {}

  public static async start(options: { env?: Record<string, string> } = {}): Promise<SystemProcess> {
    const controlPort = await freePort();
    const env = { CONTROL_PORT: String(controlPort), ...options.env };
    // One after the other: the edge creates the store and the admin, the api opens them.
    const edge = await EdgeProcess.start({ env });
    const api = new ApiProcess(edge.host, {
      ...env,
      DATA_DIR: edge.dataDir,
      ADMIN_USER: ADMIN.user,
      ADMIN_PASSWORD: ADMIN.password,
    });
    try {
      await api.start();
    } catch (err) {
      await edge.dispose();
      throw err;
    }
    return new SystemProcess(edge, api, controlPort);
  }

  public get baseUrl(): string {
    return this.api.baseUrl;
  }

  /** An HTTP request to the api; the body is parsed as JSON when it is JSON. */
  public async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
    return {
      status: res.status,
      body: (isJson && text ? JSON.parse(text) : text) as T,
      headers: res.headers,
    };
  }

  /** Registers over REST (if needed) and logs in; resolves with the access token. */
  public async token(user: string, password = `${user}-password`): Promise<string> {
    await this.request('POST', '/api/auth/register', { json: { username: user, password } });
    const res = await this.request<{ accessToken: string }>('POST', '/api/auth/login', {
      json: { username: user, password },
    });
    if (res.status !== 200) throw new Error(`login ${user}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  }

  public adminToken(): Promise<string> {
    return this.token(ADMIN.user, ADMIN.password);
  }

  /** A TCP session logged in as `user` (registered if needed). */
  public tcp(user: string, password = `${user}-password`): Promise<ChatClient> {
    return this.edge.login(user, password);
  }

  public async dispose(): Promise<void> {
    await this.api.stop();
    await this.edge.dispose();
  }
}
