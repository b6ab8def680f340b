import { ChatClient } from '@chat/protocol';

import { ADMIN, EdgeProcess, LOOPBACK_LIMITS } from './edge-process';
import { freePort, ServiceProcess } from './service-process';

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

/** The real api as a child process (`node dist/apps/api/src/main.js`), HTTP on a free port. */
export class ApiProcess {
  private readonly service: ServiceProcess;

  constructor(
    public readonly host: string,
    env: Record<string, string>,
  ) {
    this.service = new ServiceProcess({
      name: 'api',
      entry: 'dist/apps/api/src/main.js',
      ready: { http: /Admin API on https?:\/\/[^\s/]+:(\d+)\/api, Swagger UI on / },
      env: { HOST: host, HTTP_PORT: '0', ...LOOPBACK_LIMITS, ...env },
    });
  }

  /** The HTTP port (0 while it is not running). */
  public get port(): number {
    return this.service.ports.http ?? 0;
  }

  public get output(): string {
    return this.service.output;
  }

  /** Whether it serves HTTPS (TLS_CERT, TLS_KEY), as its start-up line says. */
  public get secure(): boolean {
    return /Admin API on https:/.test(this.service.output);
  }

  public get baseUrl(): string {
    return `${this.secure ? 'https' : 'http'}://${this.host}:${this.port}`;
  }

  public start(): Promise<void> {
    return this.service.start();
  }

  public async stop(): Promise<void> {
    await this.service.stop();
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

  /** `apiEnv` goes to the api alone (a CONTROL_PORT nothing listens on: the live path down). */
  public static async start(
    options: { env?: Record<string, string>; apiEnv?: Record<string, string> } = {},
  ): Promise<SystemProcess> {
    const controlPort = await freePort();
    const env = { CONTROL_PORT: String(controlPort), ...options.env };
    // One after the other: the edge creates the store and the admin, the api opens them.
    const edge = await EdgeProcess.start({ env });
    const api = new ApiProcess(edge.host, {
      ...env,
      DATA_DIR: edge.dataDir,
      ADMIN_USER: ADMIN.user,
      ADMIN_PASSWORD: ADMIN.password,
      ...options.apiEnv,
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
