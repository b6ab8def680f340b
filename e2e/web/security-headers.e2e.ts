import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  HAVE_CHROMIUM,
  launchChromium,
  logIn,
  messages,
  openPage,
  recordCspViolations,
  say,
  startWebSystem,
} from '../support/browser';
import { eventually } from '../support/events';
import { freePort } from '../support/service-process';
import { SystemProcess } from '../support/system-process';

/** A Content-Security-Policy header as directive → sources. */
function parseCsp(header: string | null): Map<string, string[]> {
  expect(header, 'Content-Security-Policy header').toBeTruthy();
  return new Map(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** What every response of the api carries, whatever it is. */
function expectCommonHeaders(headers: Headers): void {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('cross-origin-resource-policy')).toBe('same-site');
  // Plain HTTP: HSTS would lock browsers out; nothing needs cross-origin isolation.
  expect(headers.get('strict-transport-security')).toBeNull();
  expect(headers.get('cross-origin-embedder-policy')).toBeNull();
  expect(headers.get('x-powered-by')).toBeNull();
}

/** The web app's policy, `styleNonce` being the nonce its style-src must carry (or none). */
function expectAppPolicy(csp: Map<string, string[]>, wsPort: number, styleNonce?: string): void {
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(csp.get('script-src-attr')).toEqual(["'none'"]);
  expect(csp.get('style-src')).toEqual(styleNonce ? ["'self'", `'nonce-${styleNonce}'`] : ["'self'"]);
  expect(csp.get('connect-src')).toEqual(["'self'", `ws://127.0.0.1:${wsPort}`, `wss://127.0.0.1:${wsPort}`]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.has('upgrade-insecure-requests')).toBe(false);
  expect([...csp.values()].flat()).not.toContain("'unsafe-inline'");
  expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
}

describe('api: security headers on the app, its assets, the api and Swagger UI', () => {
  let sys: SystemProcess;
  let wsPort: number;

  beforeAll(async () => {
    const httpPort = await freePort();
    wsPort = await freePort();
    sys = await SystemProcess.start({
      env: {
        HTTP_PORT: String(httpPort),
        WS_PORT: String(wsPort),
        WEB_ORIGINS: `http://127.0.0.1:${httpPort}`,
      },
    });
  });
  afterAll(async () => {
    await sys?.dispose();
  });

  it.each(['/', '/index.html', '/login'])(
    'GET %s: the app with a fresh style nonce, in its policy and on the root element',
    async (path) => {
      const nonces: string[] = [];
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${sys.baseUrl}${path}`, { headers: { accept: 'text/html' } });
        expect(res.status).toBe(200);
        expectCommonHeaders(res.headers);
        const csp = parseCsp(res.headers.get('content-security-policy'));
        const nonce = /^'nonce-([A-Za-z0-9+/=]{22,})'$/.exec(csp.get('style-src')?.[1] ?? '')?.[1];
        expect(nonce, 'style-src nonce').toBeDefined();
        expectAppPolicy(csp, wsPort, nonce);
        const html = await res.text();
        expect(html).toContain(`<chat-root ngCspNonce="${nonce}">`);
        // Nothing inline that the policy would refuse: scripts are files, and no handler attributes.
        expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
        expect(html).not.toMatch(/\son[a-z]+=/);
        nonces.push(nonce!);
      }
      expect(nonces[0]).not.toBe(nonces[1]);
    },
  );

  it("a JS asset: the app's policy without a nonce, nosniff, served as JavaScript", async () => {
    const index = await (await fetch(`${sys.baseUrl}/`)).text();
    const main = /src="(main-[^"]+\.js)"/.exec(index)?.[1];
    expect(main).toBeDefined();
    const res = await fetch(`${sys.baseUrl}/${main}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expectCommonHeaders(res.headers);
    expectAppPolicy(parseCsp(res.headers.get('content-security-policy')), wsPort);
  });

  it('an api route: nothing may load or run, nor frame it', async () => {
    for (const path of ['/api/client-config', '/api/nope']) {
      const res = await fetch(`${sys.baseUrl}${path}`);
      expectCommonHeaders(res.headers);
      const csp = parseCsp(res.headers.get('content-security-policy'));
      expect(Object.fromEntries(csp)).toEqual({
        'default-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
        'frame-ancestors': ["'none'"],
      });
    }
  });

  it('a file download keeps its Content-Disposition and type, with no isolation header in its way', async () => {
    const token = await sys.token('alice');
    const form = new FormData();
    form.append('file', new Blob(['<b>not a page</b>'], { type: 'text/html' }), 'page.html');
    const uploaded = await sys.request<{ id: string }>('POST', '/api/files', { token, body: form });
    expect(uploaded.status).toBe(201);
    const res = await fetch(`${sys.baseUrl}/api/files/${uploaded.body.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="page.html"; filename*=UTF-8''page.html`,
    );
    expect(res.headers.get('content-type')).toContain('text/html');
    expectCommonHeaders(res.headers);
    expect(parseCsp(res.headers.get('content-security-policy')).get('default-src')).toEqual(["'none'"]);
    expect(await res.text()).toBe('<b>not a page</b>');
  });

  it('Swagger UI: its own policy, scripts still only from the origin, inline styles allowed', async () => {
    const res = await fetch(`${sys.baseUrl}/docs`);
    expect(res.status).toBe(200);
    expectCommonHeaders(res.headers);
    const csp = parseCsp(res.headers.get('content-security-policy'));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // Its scripts, the init script included, are files that 'self' allows.
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).toContain('swagger-ui-init.js');
    const init = await fetch(`${sys.baseUrl}/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(parseCsp(init.headers.get('content-security-policy')).get('script-src')).toEqual(["'self'"]);
    const json = await fetch(`${sys.baseUrl}/docs-json`);
    expectCommonHeaders(json.headers);
  });
});

// The page's own globals, in functions that run in the browser (this tsconfig has no DOM types).
declare const document: {
  createElement(tag: string): { textContent: string; nonce: string };
  body: { append(node: unknown): void };
  querySelectorAll(selector: string): ArrayLike<{ nonce: string }>;
};
declare const window: { injected?: boolean };

describe.skipIf(!HAVE_CHROMIUM)('web: the app and Swagger UI run under their Content-Security-Policy', () => {
  let sys: SystemProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sys = await startWebSystem();
    await sys.token('alice');
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await sys?.dispose();
  });

  it('logs in, sends a message, plays Snake and music with no violation; an injected inline script is refused', async () => {
    const page: Page = await openPage(browser, contexts);
    const csp = await recordCspViolations(page);
    const nav = await page.goto(`${sys.baseUrl}/login`);
    expect(nav?.headers()['content-security-policy']).toContain("style-src 'self' 'nonce-");
    await logIn(page, sys.baseUrl, 'alice', 'alice-password');

    await say(page, 'hello under a policy');
    await page.locator('article.mine[data-state=sent]').getByText('hello under a policy').waitFor();
    await messages(page).getByText('hello under a policy').waitFor();

    await page.getByRole('button', { name: 'Games' }).click();
    await page.getByRole('menuitem', { name: 'Snake', exact: true }).click();
    const snake = page.getByRole('dialog', { name: 'Snake' });
    await expect.poll(() => snake.getByRole('status').textContent()).toBe('Ready');
    await page.keyboard.press('Enter');
    await expect.poll(() => snake.getByRole('status').textContent()).toMatch(/^Score \d+$/);
    await snake.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    await page.getByRole('button', { name: 'Music', exact: true }).click();
    await page.getByRole('list', { name: 'Tracks' }).getByRole('listitem').first().waitFor();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    const audio = page.locator('audio[data-chat-music]');
    await eventually(async () => {
      expect(
        await audio.evaluate((el) => (el as unknown as { currentTime: number }).currentTime),
      ).toBeGreaterThan(0.3);
    }, 10_000);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Close' }).click();

    // Angular's component styles are <style> elements, each with the page's nonce.
    const styles = await page.evaluate(() => Array.from(document.querySelectorAll('style'), (s) => s.nonce));
    expect(styles.length).toBeGreaterThan(0);
    expect(styles.every((nonce) => nonce.length > 0)).toBe(true);
    expect(await csp.violations()).toEqual([]);

    // The policy is in force: a script injected inline does not run, and is reported.
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      return window.injected === true;
    });
    expect(ran).toBe(false);
    await eventually(async () =>
      expect(await csp.violations()).toEqual(
        expect.arrayContaining([expect.stringMatching(/^script-src-elem blocked inline/)]),
      ),
    );
  }, 90_000);

  it("Swagger UI renders the api's operations, and Try it out calls the api, with no violation", async () => {
    const page: Page = await openPage(browser, contexts);
    const csp = await recordCspViolations(page);
    const nav = await page.goto(`${sys.baseUrl}/docs`);
    expect(nav?.headers()['content-security-policy']).toContain("script-src 'self';");
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);

    const operation = page.locator('.opblock', { has: page.locator('[data-path="/api/client-config"]') });
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const live = operation.locator('.live-responses-table tbody .response-col_status');
    await expect.poll(() => live.first().textContent()).toContain('200');
    expect(await operation.locator('.live-responses-table').textContent()).toContain('wsPort');

    expect(await csp.violations()).toEqual([]);
  }, 60_000);
});
