import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MAX_MINUTES, MAX_REASON_LENGTH, MAX_SEARCH_LENGTH } from '@chat/protocol';

import { ROOT } from '../support/service-process';
import { SystemProcess } from '../support/system-process';

const run = promisify(execFile);
const COMMITTED = join(ROOT, 'openapi', 'openapi.json');
const METADATA = join(ROOT, 'apps', 'api', 'src', 'metadata.ts');
const WEB_TYPES = join(ROOT, 'apps', 'web', 'src', 'app', 'core', 'api', 'openapi.types.ts');
/** What `npm run openapi:check` runs after the build (the global setup has built the system). */
const CHECK = [join(ROOT, 'scripts', 'openapi.mjs'), '--check'];
/** The check compiles the api's sources with TypeScript and starts the api: longer than a test's default. */
const CHECK_TIMEOUT = 120_000;

interface Schema {
  description?: string;
  maxLength?: number;
  maximum?: number;
  $ref?: string;
}

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

  it(
    'the committed document, Swagger metadata and web types are what the code generates (npm run openapi:check)',
    async () => {
      const { stdout } = await run(process.execPath, CHECK, { cwd: ROOT });
      for (const file of ['apps/api/src/metadata.ts', 'openapi/openapi.json', relative(ROOT, WEB_TYPES)]) {
        expect(stdout).toContain(`${file} is up to date`);
      }
    },
    CHECK_TIMEOUT,
  );

  it(
    'the check fails, naming each file that drifted from the code and where, with a hint',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'openapi-drift-'));
      try {
        const drift = (name: string, from: string, replace: string, by: string): string => {
          const file = join(dir, name);
          const text = readFileSync(from, 'utf8');
          expect(text).toContain(replace);
          writeFileSync(file, text.replace(replace, by));
          return file;
        };
        const env = {
          ...process.env,
          OPENAPI_FILE: drift('openapi.json', COMMITTED, '"summary": "Ban a user"', '"summary": "Ban"'),
          OPENAPI_METADATA_FILE: drift(
            'metadata.ts',
            METADATA,
            "description: 'Shown to the user and to everyone in the notice, and kept in the audit log.'",
            "description: 'Shown to the user.'",
          ),
          // The first path: before anything the drifted document changes in the types generated from it.
          OPENAPI_WEB_TYPES_FILE: drift(
            'openapi.types.ts',
            WEB_TYPES,
            "'/api/auth/register': {",
            "'/api/signup': {",
          ),
        };
        const failure = await run(process.execPath, CHECK, { cwd: ROOT, env }).then(
          () => null,
          (err: { code: number; stderr: string }) => err,
        );
        expect(failure?.code).toBe(1);
        for (const file of ['metadata.ts', 'openapi.json', 'openapi.types.ts']) {
          expect(failure?.stderr).toContain(`${file} differs from what the code generates`);
        }
        expect(failure?.stderr).toContain('"summary": "Ban"');
        expect(failure?.stderr).toContain("description: 'Shown to the user.'");
        expect(failure?.stderr).toContain("'/api/signup': {");
        expect(failure?.stderr).toContain('npm run openapi');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    CHECK_TIMEOUT,
  );

  it("takes the fields' descriptions from the DTOs' JSDoc, and their limits from the protocol", async () => {
    const { body } = await sys.request('GET', '/docs-json');
    const doc = body as {
      components: { schemas: Record<string, { properties: Record<string, Schema> }> };
      paths: Record<
        string,
        Record<string, { parameters?: ({ name: string } & Schema)[]; requestBody?: unknown }>
      >;
    };
    const restrict = doc.components.schemas['RestrictUserDto'].properties;
    expect(restrict['reason'].description).toBe(
      'Shown to the user and to everyone in the notice, and kept in the audit log.',
    );
    expect(restrict['reason'].maxLength).toBe(MAX_REASON_LENGTH);
    expect(restrict['minutes'].description).toBe(
      'How long the ban or mute lasts, in minutes (fractions allowed); none: until lifted.',
    );
    expect(restrict['minutes'].maximum).toBe(MAX_MINUTES);
    const search = doc.paths['/api/users'].get.parameters?.find((p) => p.name === 'search');
    expect(search?.description).toBe('Case-insensitive part of the user name.');
    expect((search as { schema?: Schema } | undefined)?.schema?.maxLength).toBe(MAX_SEARCH_LENGTH);
    // One DTO for both: a ban and a mute take the same body.
    for (const route of ['/api/admin/users/{username}/ban', '/api/admin/users/{username}/mute']) {
      expect(JSON.stringify(doc.paths[route].post.requestBody)).toContain(
        '#/components/schemas/RestrictUserDto',
      );
    }
    expect(Object.keys(doc.components.schemas)).not.toContain('BanUserDto');
    expect(Object.keys(doc.components.schemas)).not.toContain('MuteUserDto');
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
        'POST /api/auth/password',
        'POST /api/auth/logout-all',
        'GET /api/auth/sessions',
        'DELETE /api/auth/sessions/{id}',
        'GET /api/me',
        'GET /api/users/online',
        'GET /api/users',
        'POST /api/admin/users/{username}/ban',
        'DELETE /api/admin/users/{username}/ban',
        'POST /api/admin/users/{username}/mute',
        'DELETE /api/admin/users/{username}/mute',
        'POST /api/admin/users/{username}/kick',
        'POST /api/admin/users/{username}/revoke-tokens',
        'PATCH /api/admin/users/{username}',
        'POST /api/admin/users/{username}/password',
        'DELETE /api/admin/users/{username}',
        'GET /api/admin/audit',
        'POST /api/admin/announce',
        'GET /api/messages',
        'GET /api/conversations',
        'GET /api/search',
        'GET /api/rooms',
        'POST /api/rooms',
        'GET /api/rooms/{name}',
        'DELETE /api/rooms/{name}',
        'POST /api/rooms/{name}/join',
        'POST /api/rooms/{name}/leave',
        'POST /api/rooms/{name}/invite',
        'GET /api/rooms/{name}/members',
        'PUT /api/rooms/{name}/topic',
        'DELETE /api/rooms/{name}/members/{username}',
        'DELETE /api/rooms/{name}/bans/{username}',
        'GET /api/admin/rooms',
        'POST /api/files',
        'GET /api/files/{id}',
        'POST /api/media/voice',
        'POST /api/media/image',
        'GET /api/music',
        'POST /api/music',
        'DELETE /api/music/{id}',
        'GET /api/snapshots',
        'POST /api/snapshots',
        'DELETE /api/snapshots/{id}',
        'GET /api/games/snake/scores',
        'POST /api/games/snake/scores',
        'GET /api/health',
        'GET /api/metrics',
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
        route === 'POST /api/auth/register' ||
        route === 'POST /api/auth/login' ||
        route === 'GET /api/health' ||
        route === 'GET /api/client-config';
      expect(Boolean(op.security?.length), route).toBe(!isPublic);
    }
  });
});
