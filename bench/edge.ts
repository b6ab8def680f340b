import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const HOST = '127.0.0.1';

/**
 * Starts the built edge as a child process on a fresh data directory, removed when the edge exits;
 * `env` over the defaults (free ports, a long idle timeout, a known admin password).
 */
export async function startEdge(
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; port: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-bench-'));
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
      // Every simulated user connects from this one address.
      MAX_CONNECTIONS_PER_ADDRESS: '1000000',
      LOGIN_TIMEOUT_SEC: '3600',
      ADMIN_PASSWORD: 'bench-admin-password',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const port = await new Promise<number>((res, rej) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on [^\s:]+:(\d+)/.exec(out);
      if (m) res(Number(m[1]));
    });
    child.once('exit', (code) => rej(new Error(`edge exited with ${code}: ${out}`)));
  });
  return { child, port };
}
