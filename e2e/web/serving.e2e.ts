import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SystemProcess } from '../support/system-process';

describe('api: serves the web app and tells it where the WebSocket is', () => {
  let sys: SystemProcess;

  beforeAll(async () => {
    sys = await SystemProcess.start({
      env: { PUBLIC_WS_URL: 'wss://chat.example.com/ws', MAX_FILE_MB: '7' },
    });
  });
  afterAll(async () => {
    await sys?.dispose();
  });

  it('GET /api/client-config is public and reports PUBLIC_WS_URL, the WS port and the limits', async () => {
    const res = await sys.request('GET', '/api/client-config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      wsUrl: 'wss://chat.example.com/ws',
      wsPort: expect.any(Number),
      limits: { frame: 1048576, text: 4000, file: 7 * 1024 * 1024, chunk: 262144 },
    });
  });

  it.each(['/', '/login', '/login/', '/admin', '/admin/users', '/admin/audit', '/admin/announcements'])(
    'GET %s, a page of the app, is the app (index.html)',
    async (path) => {
      const res = await fetch(`${sys.baseUrl}${path}?from=link`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toMatch(/<chat-root[\s>]/);
    },
  );

  // A monitoring probe or a typo must not get the app's page with a 200.
  it.each(['/metrics', '/nope', '/some/deep/link', '/admin/nope', '/login/x', '/favicon.ico', '/index.htm'])(
    "GET %s, not a page of the app, is a 404 in the api's error shape",
    async (path) => {
      const res = await sys.request('GET', path, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: `Cannot GET ${path}` });
    },
  );

  it.each([
    ['/favicon.svg', 'image/svg+xml'],
    ['/3rdpartylicenses.txt', 'text/plain'],
  ])('serves the static file %s', async (path, type) => {
    const res = await fetch(`${sys.baseUrl}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    if (path === '/3rdpartylicenses.txt') expect(await res.text()).toMatch(/@angular\/core/);
  });

  it('serves the built assets, fonts and icons included, from the api itself', async () => {
    const index = await (await fetch(`${sys.baseUrl}/`)).text();
    const css = /href="(styles-[^"]+\.css)"/.exec(index)?.[1];
    expect(css).toBeDefined();
    const styles = await fetch(`${sys.baseUrl}/${css}`);
    expect(styles.status).toBe(200);
    const text = await styles.text();
    expect(text).toContain('Material Symbols Outlined');
    expect(text).not.toMatch(/fonts\.googleapis|fonts\.gstatic/);
  });

  it.each([
    ['GET', '/api/nope'],
    ['GET', '/api/users/online/extra'],
    ['POST', '/api/nope'],
    ['DELETE', '/api'],
  ])('answers %s %s, no route of the api, with a 404 in its error shape', async (method, path) => {
    const missing = await sys.request(method, path, { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/json');
    expect(missing.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: `Cannot ${method} ${path}` });
  });

  it('leaves /docs to Swagger UI', async () => {
    const docs = await fetch(`${sys.baseUrl}/docs`);
    expect(await docs.text()).toContain('swagger-ui');
  });
});
