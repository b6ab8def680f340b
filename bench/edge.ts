import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const HOST = '127.0.0.1';

export const ADMIN_PASSWORD = 'bench-admin-password';

export interface StartedEdge {
  child: ChildProcess;
  /** The TCP port. */
  port: number;
  /** The WebSocket port (`ws://HOST:wsPort/ws`). */
  wsPort: number;
  dataDir: string;
}

/**
 * Starts the built edge as a child process on a fresh data directory (or `options.dataDir`, filled
 * beforehand), removed when the edge exits; `env` over the defaults (free ports, a long idle
 * timeout, a known admin password). Its stderr is passed through, or with `onStderr` handed over
 * (the fuzz run looks for stack traces in it).
 */
export async function startEdge(
  env: Record<string, string> = {},
  options: { onStderr?: (text: string) => void; dataDir?: string } = {},
): Promise<StartedEdge> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'chat-bench-'));
  const child = spawn(process.execPath, [resolve(__dirname, '../apps/edge/src/main.js')], {
    env: {
      ...process.env,
      NO_COLOR: '1',
      HOST,
      TCP_PORT: '0',
      WS_PORT: '0',
      CONTROL_PORT: '0',
      DATA_DIR: dataDir,
      IDLE_TIMEOUT_SEC: '3600',
      // Every simulated user connects, registers and logs in from this one address.
      MAX_CONNECTIONS_PER_ADDRESS: '1000000',
      LOGIN_RATE_PER_ADDRESS: '0',
      REGISTER_RATE_PER_ADDRESS: '0',
      LOGIN_TIMEOUT_SEC: '3600',
      ADMIN_PASSWORD,
      ...env,
    },
    stdio: ['ignore', 'pipe', options.onStderr ? 'pipe' : 'inherit'],
  });
  if (options.onStderr) child.stderr!.on('data', (c: Buffer) => options.onStderr!(c.toString()));
  child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const [port, wsPort] = await new Promise<[number, number]>((res, rej) => {
    let out = '';
    const onData = (c: Buffer): void => {
      out += c.toString();
      const tcp = /listening on [^\s:]+:(\d+)/.exec(out);
      const ws = /WebSocket on ws:\/\/[^\s:]+:(\d+)/.exec(out);
      if (tcp && ws) {
        child.stdout!.off('data', onData);
        // Read on, or the edge would block on a full pipe.
        child.stdout!.resume();
        res([Number(tcp[1]), Number(ws[1])]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => rej(new Error(`edge exited with ${code}: ${out}`)));
  });
  return { child, port, wsPort, dataDir };
}
