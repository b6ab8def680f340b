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

  it.each(['/', '/login', '/admin', '/some/deep/link'])('GET %s is the app (index.html)', async (path) => {
    const res = await fetch(`${sys.baseUrl}${path}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toMatch(/<chat-root[\s>]/);
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

  it('leaves /api and /docs to the api', async () => {
    const missing = await sys.request('GET', '/api/nope', { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
    const docs = await fetch(`${sys.baseUrl}/docs`);
    expect(await docs.text()).toContain('swagger-ui');
  });
});
