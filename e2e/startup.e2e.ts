import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { PRODUCT_NAME } from '@chat/protocol';

import { freePort, ROOT, runUntilExit, ServiceProcess } from './support/service-process';
import { ApiProcess } from './support/system-process';

/** `npm start`'s supervisor (what `npm start` runs after its build), its services its children. */
const START = 'scripts/start.mjs';
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const WEB_BUILT = existsSync(join(ROOT, 'dist/web/browser/index.html'));

/** The whole system as `npm start` runs it, on `dataDir`, ready once its closing summary is out. */
async function startSystem(dataDir: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const system = new ServiceProcess({
    name: 'npm start',
    entry: START,
    ready: {
      // The text summary's lines, or the JSON one's fields.
      tcp: /(?:Chat over TCP +[^\s:]+:|"tcp":\{"host":"[^"]+","port":)(\d+)/,
      http: /(?:Admin API +https?:\/\/[^\s/]+:|"api":"https?:\/\/[^/"]+:)(\d+)\/api/,
    },
    env: {
      HOST: '127.0.0.1',
      TCP_PORT: '0',
      WS_PORT: '0',
      HTTP_PORT: '0',
      // The api reaches the edge on it: a port both know before they start.
      CONTROL_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      ...env,
    },
    startTimeoutMs: 40_000,
  });
  await system.start();
  return system;
}

/** The users the store holds (none when there is no store yet). */
function storedUsers(dataDir: string): string[] {
  const file = join(dataDir, 'chat.db');
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT username FROM users').all() as { username: string }[]).map((u) => u.username);
  } finally {
    db.close();
  }
}

async function login(port: number, username: string, password: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
}

describe('a start (issue 14)', () => {
  const dirs: string[] = [];
  const dataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-e2e-start-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  describe('with a port in use', () => {
    let holder: Server;
    let busy: number;
    beforeAll(async () => {
      holder = createServer();
      await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
      busy = (holder.address() as { port: number }).port;
    });
    afterAll(() => new Promise((resolve) => holder.close(resolve)));

    it.each(['TCP_PORT', 'WS_PORT', 'CONTROL_PORT', 'HTTP_PORT'])(
      'says which, by %s, exits 1 without a stack trace, and creates no admin',
      async (variable) => {
        const dir = dataDir();
        const { code, stdout, stderr } = await runUntilExit(START, {
          DATA_DIR: dir,
          CONTROL_PORT: String(await freePort()),
          [variable]: String(busy),
        });
        const output = stdout + stderr;

        expect(code).toBe(1);
        expect(stderr.split('\n')).toContain(`port ${busy} (${variable}) is in use`);
        expect(output).not.toMatch(/^\s+at /m);
        expect(output).not.toMatch(/EADDRINUSE|password|is up/i);
        expect(storedUsers(dir)).toEqual([]);
      },
    );
  });

  describe('the closing summary', () => {
    let system: ServiceProcess | undefined;
    afterEach(async () => {
      await system?.stop();
      system = undefined;
    });

    it('comes last, with where to connect and, on the first start only, the admin password', async () => {
      const dir = dataDir();
      system = await startSystem(dir);
      const { tcp, http } = system.ports;
      const first = system.output;
      const summary = first.slice(first.indexOf(`${PRODUCT_NAME} ${version} is up`));
      const password = /Admin password +(\S+)/.exec(summary)?.[1];

      expect(summary).toContain(`Chat over TCP    127.0.0.1:${tcp}`);
      expect(summary).toContain(`Terminal client  npm run cli -- --host 127.0.0.1 --port ${tcp}`);
      expect(summary).toContain(
        WEB_BUILT ? `Web client       http://127.0.0.1:${http}/` : 'Web client       not built',
      );
      expect(summary).toContain(`Swagger UI       http://127.0.0.1:${http}/docs`);
      expect(summary).toContain(`Admin API        http://127.0.0.1:${http}/api`);
      expect(summary).toContain(
        `Metrics          http://127.0.0.1:${http}/api/metrics  (with an admin's token)`,
      );
      expect(summary).toContain(`Store            SQLite, ${join(dir, 'chat.db')}`);
      expect(summary).toContain(`Data directory   ${dir}`);
      expect(summary).toContain('Admin user       admin');
      expect(password).toMatch(/^[\w-]{12,}$/);
      // Shown once, in the summary, and it is the admin's.
      expect(first.split(password!)).toHaveLength(2);
      expect(await login(http, 'admin', password!)).toBe(200);
      // Nest's module and route lines are for LOG_LEVEL=debug.
      expect(first).not.toMatch(/InstanceLoader|RouterExplorer|RoutesResolver|Mapped \{/);

      await system.stop();
      system = await startSystem(dir);
      expect(system.output).toContain(`${PRODUCT_NAME} ${version} is up`);
      expect(system.output).not.toMatch(/password/i);
      expect(await login(system.ports.http, 'admin', password!)).toBe(200);
    });

    it('is one JSON line among JSON lines with LOG_FORMAT=json', async () => {
      system = await startSystem(dataDir(), { LOG_FORMAT: 'json', ADMIN_PASSWORD: 'chosen-admin-password' });
      const res = await fetch(`http://127.0.0.1:${system.ports.http}/api/health`);
      expect(res.status).toBe(200);
      await system.stop();

      const lines = system.output.split('\n').filter((line) => line.trim() !== '');
      const records = lines.map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`not JSON: ${line}`);
        }
      });
      expect(records).toContainEqual(
        expect.objectContaining({
          context: PRODUCT_NAME,
          message: `${PRODUCT_NAME} ${version} is up`,
          version,
          tcp: { host: '127.0.0.1', port: system.ports.tcp, tls: false },
          swagger: `http://127.0.0.1:${system.ports.http}/docs`,
        }),
      );
      expect(
        records.some((r) => typeof r.message === 'string' && r.message.startsWith('GET /api/health 200')),
      ).toBe(true);
      expect(records.find((r) => r.message === `${PRODUCT_NAME} ${version} is up`)).not.toHaveProperty(
        'adminPassword',
      );
    });
  });

  describe('logs', () => {
    let api: ApiProcess | undefined;
    afterEach(async () => {
      await api?.stop();
      api = undefined;
    });

    const startApi = async (env: Record<string, string> = {}): Promise<ApiProcess> => {
      api = new ApiProcess('127.0.0.1', {
        DATA_DIR: dataDir(),
        ADMIN_PASSWORD: 'chosen-admin-password',
        ...env,
      });
      await api.start();
      return api;
    };

    it("print Nest's module and route lines at LOG_LEVEL=debug", async () => {
      const { output } = await startApi({ LOG_LEVEL: 'debug' });
      expect(output).toMatch(/DEBUG \[InstanceLoader\] ApiModule dependencies initialized/);
      expect(output).toMatch(/DEBUG \[RouterExplorer\] Mapped \{\/api\/me, GET\} route/);
    });

    it('give each HTTP request an id, the sane incoming one or a new one, echoed in X-Request-Id', async () => {
      const sut = await startApi();
      const get = (headers: Record<string, string> = {}) =>
        fetch(`${sut.baseUrl}/api/health`, { headers }).then((res) => res.headers.get('x-request-id'));

      expect(await get({ 'X-Request-Id': 'probe-1234' })).toBe('probe-1234');
      const made = await get({ 'X-Request-Id': 'two words' });
      expect(made).toMatch(/^[0-9a-f-]{36}$/);
      expect(await get()).toMatch(/^[0-9a-f-]{36}$/);
      const missing = await fetch(`${sut.baseUrl}/api/no-such-route`);
      expect(missing.status).toBe(404);
      const missingId = missing.headers.get('x-request-id');

      // Each line comes once its response is done, which may be just after the client has it.
      await expect
        .poll(() => sut.output)
        .toMatch(/LOG \[Http\] GET \/api\/health 200 [\d.]+ ms id=probe-1234\n/);
      await expect.poll(() => sut.output).toContain(`id=${made}\n`);
      await expect
        .poll(() => sut.output)
        .toMatch(new RegExp(`GET /api/no-such-route 404 [\\d.]+ ms id=${missingId}\\n`));
      expect(sut.output).not.toContain('two words');
    });
  });
});
