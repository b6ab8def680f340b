import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ChatClient } from '@chat/protocol';

import { ServiceProcess } from './service-process';

export const ADMIN = { user: 'admin', password: 'admin-password-123' };

/**
 * Every test client comes from 127.0.0.1, as one address: the per-address limits of log-ins and
 * registrations are raised, as an operator would for clients behind one NAT. The tests of those
 * limits set their own, or come from other loopback addresses.
 */
export const LOOPBACK_LIMITS = { LOGIN_RATE_PER_ADDRESS: '1000/1m', REGISTER_RATE_PER_ADDRESS: '1000/1m' };

export interface EdgeOptions {
  env?: Record<string, string>;
  /** Reuse a data directory (restart tests); a fresh temporary one otherwise. */
  dataDir?: string;
  /** A command the edge runs under (`['prlimit', '--nofile=200:200']`). */
  wrap?: string[];
}

/**
 * The real edge as a child process (`node dist/apps/edge/src/main.js`) on a free port and a
 * fresh data directory, as `npm start` runs it.
 */
export class EdgeProcess {
  public readonly host = '127.0.0.1';
  private readonly service: ServiceProcess;

  private constructor(
    public readonly dataDir: string,
    private readonly env: Record<string, string>,
    private readonly ownsDataDir: boolean,
    wrap?: string[],
  ) {
    this.service = new ServiceProcess({
      name: 'edge',
      wrap,
      entry: 'dist/apps/edge/src/main.js',
      ready: { tcp: /listening on [^\s:]+:(\d+)/, ws: /WebSocket on wss?:\/\/[^\s:]+:(\d+)/ },
      env: {
        HOST: this.host,
        TCP_PORT: '0',
        WS_PORT: '0',
        // Tests run edges side by side: each gets its own control port unless a test names one.
        CONTROL_PORT: '0',
        DATA_DIR: dataDir,
        ADMIN_USER: ADMIN.user,
        ADMIN_PASSWORD: ADMIN.password,
        ...LOOPBACK_LIMITS,
      },
    });
  }

  public static async start(options: EdgeOptions = {}): Promise<EdgeProcess> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'chat-e2e-'));
    const edge = new EdgeProcess(dataDir, { ...options.env }, !options.dataDir, options.wrap);
    await edge.service.start(edge.env);
    return edge;
  }

  /** The TCP port (0 while it is not running). */
  public get port(): number {
    return this.service.ports.tcp ?? 0;
  }

  public get wsPort(): number {
    return this.service.ports.ws ?? 0;
  }

  /** What it printed since it last started. */
  public get output(): string {
    return this.service.output;
  }

  public get pid(): number | undefined {
    return this.service.pid;
  }

  /** Started and not exited. */
  public get running(): boolean {
    return this.service.running;
  }

  /** Starts the process again on the same data directory (a new port unless `samePort`). */
  public async restart(options: { samePort?: boolean } = {}): Promise<void> {
    const port = this.port;
    await this.stop();
    if (options.samePort) this.env.TCP_PORT = String(port);
    await this.service.start(this.env);
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
  public stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    return this.service.stop(signal);
  }

  public async dispose(): Promise<void> {
    await this.stop();
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
