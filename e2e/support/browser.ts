import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

import { freePort, ROOT } from './service-process';
import { SystemProcess } from './system-process';

/** Debian's Chromium (`apt-get install chromium`); the tests drive it through playwright-core. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** `extraArgs`: e.g. the fake camera and microphone flags of the media tests. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // This machine's network is closed: no background connections, no GPU, no sandbox as root.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/** The whole system (edge, api, web app) on free ports, with the web app's origin allowed. */
export async function startWebSystem(): Promise<SystemProcess> {
  const [httpPort, wsPort] = await Promise.all([freePort(), freePort()]);
  return SystemProcess.start({
    env: {
      HTTP_PORT: String(httpPort),
      WS_PORT: String(wsPort),
      WEB_ORIGINS: `http://127.0.0.1:${httpPort}`,
    },
  });
}

/** A page in a context of its own (one user's storage), at the screenshots' size; `contexts` collects it for closing. */
export async function openPage(browser: Browser, contexts: BrowserContext[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  // A step that cannot happen fails naming its locator, well before the test's own timeout.
  page.setDefaultTimeout(10_000);
  return page;
}

/** Saves a screenshot of the page under test-artifacts/ (not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Logs in through the web app's form. */
export async function logIn(page: Page, baseUrl: string, user: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.locator('button[type=submit]').click();
  await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
}

/** Types into the composer and sends with Enter. */
export async function say(page: Page, text: string): Promise<void> {
  const box = page.locator('chat-composer textarea');
  await box.fill(text);
  await box.press('Enter');
}

export function messages(page: Page) {
  return page.locator('chat-message-list');
}

/**
 * Records the page's Content-Security-Policy violations from its first script on, in every
 * document it loads: the `securitypolicyviolation` events (kept on `window.cspViolations`) and
 * the console errors Chromium logs for them. `violations()` lists both, for the current document.
 */
export async function recordCspViolations(page: Page): Promise<{ violations: () => Promise<string[]> }> {
  const logged: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) logged.push(m.text());
  });
  await page.addInitScript({
    content: `
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        const where = e.sourceFile ? ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber : '';
        window.cspViolations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || '?') + where);
      }, true);
    `,
  });
  return {
    violations: async () => [...logged, ...(await page.evaluate<string[]>('window.cspViolations'))],
  };
}
