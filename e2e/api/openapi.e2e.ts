import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROOT } from '../support/service-process';
import { SystemProcess } from '../support/system-process';

const run = promisify(execFile);
const COMMITTED = join(ROOT, 'openapi', 'openapi.json');
const SCRIPT = join(ROOT, 'dist', 'apps', 'api', 'src', 'openapi.js');

interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  responses: Record<string, { content?: { 'application/json'?: { examples?: Record<string, unknown> } } }>;
}

describe('admin API: the OpenAPI document', () => {
  let sys: SystemProcess;

  beforeAll(async () => {
    sys = await SystemProcess.start();
  });
  afterAll(async () => {
    await sys?.dispose();
  });

  it('the committed openapi/openapi.json is what the code generates (npm run openapi:check)', async () => {
    const { stdout } = await run(process.execPath, [SCRIPT, '--check'], { cwd: ROOT });
    expect(stdout).toContain('is up to date');
  });

  it('the check fails, with a hint, when the committed document drifts from the code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-drift-'));
    try {
      const drifted = join(dir, 'openapi.json');
      writeFileSync(
        drifted,
        readFileSync(COMMITTED, 'utf8').replace('"summary": "Ban a user"', '"summary": "Ban"'),
      );
      const failure = await run(process.execPath, [SCRIPT, '--check'], {
        cwd: ROOT,
        env: { ...process.env, OPENAPI_FILE: drifted },
      }).then(
        () => null,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain('differs from what the code generates');
      expect(failure?.stderr).toContain('"summary": "Ban"');
      expect(failure?.stderr).toContain('npm run openapi');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the running api serves the same document at /docs-json, and Swagger UI at /docs', async () => {
    const served = await sys.request('GET', '/docs-json');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(JSON.parse(readFileSync(COMMITTED, 'utf8')));
    const ui = await fetch(`${sys.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });

  it('documents every route with a tag, a summary and its error responses with examples', () => {
    const doc = JSON.parse(readFileSync(COMMITTED, 'utf8')) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as const),
    );
    expect(routes.map(([r]) => r).sort()).toEqual(
      [
        'POST /api/auth/register',
        'POST /api/auth/login',
        'GET /api/me',
        'GET /api/users/online',
        'GET /api/users',
        'POST /api/admin/users/{username}/ban',
        'DELETE /api/admin/users/{username}/ban',
        'POST /api/admin/users/{username}/mute',
        'DELETE /api/admin/users/{username}/mute',
        'POST /api/admin/users/{username}/kick',
        'PATCH /api/admin/users/{username}',
        'GET /api/admin/audit',
        'POST /api/admin/announce',
        'GET /api/messages',
        'GET /api/conversations',
        'POST /api/files',
        'GET /api/files/{id}',
        'GET /api/health',
        'GET /api/client-config',
      ].sort(),
    );
    for (const [route, op] of routes) {
      expect(op.summary, route).toBeTruthy();
      expect(op.tags?.length, route).toBe(1);
      const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      if (route !== 'GET /api/health') expect(errors.length, route).toBeGreaterThan(0);
      for (const [status, response] of errors) {
        if (route === 'GET /api/health') continue;
        expect(
          Object.keys(response.content?.['application/json']?.examples ?? {}).length,
          `${route} ${status}`,
        ).toBeGreaterThan(0);
      }
      const isPublic =
        route.startsWith('POST /api/auth/') ||
        route === 'GET /api/health' ||
        route === 'GET /api/client-config';
      expect(Boolean(op.security?.length), route).toBe(!isPublic);
    }
  });
});
