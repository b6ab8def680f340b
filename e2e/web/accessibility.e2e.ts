import { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient } from '@chat/protocol';

import { expectAccessible } from '../support/axe';
import {
  HAVE_CHROMIUM,
  launchChromium,
  logIn,
  messages,
  openPage,
  say,
  startWebSystem,
} from '../support/browser';
import { SystemProcess } from '../support/system-process';

if (!HAVE_CHROMIUM)
  console.warn('e2e/web: skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

// The page's own global, used only in functions that run in the browser (this tsconfig has no DOM types).
declare const localStorage: { setItem(key: string, value: string): void };

type Theme = 'light' | 'dark';
const THEMES: Theme[] = ['light', 'dark'];

/** Sets the theme the way the app keeps it, and reloads for it to apply from the start. */
async function useTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((t) => localStorage.setItem('chat.theme', t), theme);
  await page.reload();
  await page
    .locator(theme === 'dark' ? 'html.dark-theme' : 'html:not(.dark-theme)')
    .waitFor({ state: 'attached' });
}

/**
 * axe-core (from node_modules) on the main screens, in both themes and at phone width: a serious
 * or critical violation fails, listed with the elements it was found on.
 */
describe.skipIf(!HAVE_CHROMIUM)('web client: accessibility scan (axe-core)', () => {
  let sys: SystemProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let page: Page;
  let carol: ChatClient;

  const connected = (p: Page) => p.getByRole('status').filter({ hasText: 'Connected' }).waitFor();

  beforeAll(async () => {
    sys = await startWebSystem();
    carol = await sys.tcp('carol');
    browser = await launchChromium();
    page = await openPage(browser, contexts);
    await logIn(page, sys.baseUrl, 'admin', 'admin-password-123');
    // A room with a topic, messages of both sides, a private chat with unread messages and a mention.
    await page.getByRole('button', { name: 'Create room' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('#dev');
    await dialog.getByLabel('Topic').fill('Builds and bugs');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.locator('h1').filter({ hasText: '#dev' }).waitFor();
    await carol.request('room.join', { room: '#dev' });
    await say(page, 'the build is green');
    // A reply with a quote, a reaction, an edit and a deletion, so that the scan sees them drawn.
    const [green] = (await carol.request('history', { with: '#dev', limit: 1 })).messages;
    await carol.request('react', { msgId: green.msgId, emoji: '👍' });
    const typo = await carol.request('send', { to: '#dev', text: 'great, thnaks', replyTo: green.msgId });
    await carol.request('edit', { msgId: typo.msgId, text: 'great, thanks!' });
    const gone = await carol.request('send', { to: '#dev', text: 'wrong room' });
    await carol.request('delete', { msgId: gone.msgId });
    await carol.request('send', { to: '#dev', text: 'nice, thanks' });
    await carol.request('send', { to: 'admin', text: 'a word in private' });
    await carol.request('send', { to: '*', text: 'hello @admin' });
    await messages(page).getByText('nice, thanks').waitFor();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await carol?.close();
    await sys?.dispose();
  });

  for (const theme of THEMES) {
    it(`the chat with a room open, a dialog and the admin page pass (${theme} theme)`, async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await useTheme(page, theme);
      await connected(page);
      await page.getByRole('link', { name: /^#dev/ }).click();
      await messages(page).getByText('nice, thanks').waitFor();
      await page
        .getByRole('link', { name: /unread/ })
        .first()
        .waitFor();
      await expectAccessible(page, `chat (${theme})`);

      await page.getByRole('button', { name: 'Create room' }).click();
      await page.getByRole('dialog').getByLabel('Name').waitFor();
      await expectAccessible(page, `create room dialog (${theme})`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Notification settings' }).click();
      await page.getByRole('dialog').getByRole('switch', { name: 'Do not disturb' }).waitFor();
      await expectAccessible(page, `notification settings (${theme})`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await messages(page).locator('article').filter({ hasText: 'great, thanks!' }).hover();
      await messages(page)
        .getByRole('button', { name: /^Message actions: carol/ })
        .first()
        .click();
      await page.getByRole('menuitem', { name: 'Reply' }).waitFor();
      await expectAccessible(page, `message actions (${theme})`);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Search messages' }).click();
      const search = page.getByRole('dialog', { name: 'Search messages' });
      await search.getByLabel('Words to find').fill('thanks');
      await search.getByRole('button', { name: 'Search', exact: true }).click();
      await search.getByRole('status').filter({ hasText: 'found' }).waitFor();
      await expectAccessible(page, `search dialog (${theme})`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await page.getByRole('link', { name: 'Admin' }).click();
      await page.getByRole('button', { name: 'Actions for carol' }).waitFor();
      await expectAccessible(page, `admin users (${theme})`);
      await page.getByRole('tab', { name: 'Announce' }).click();
      await page.getByLabel('Announcement').waitFor();
      await expectAccessible(page, `admin announce (${theme})`);
      await page.goto(sys.baseUrl);
    });

    it(`the chat and its drawers pass at 390 px (${theme} theme)`, async () => {
      await page.setViewportSize({ width: 390, height: 800 });
      try {
        await useTheme(page, theme);
        await connected(page);
        await expectAccessible(page, `phone chat (${theme})`);
        await page.getByRole('button', { name: 'Conversations' }).click();
        await page.getByRole('link', { name: /^Everyone/ }).waitFor();
        await expectAccessible(page, `phone conversations drawer (${theme})`);
        await page.getByRole('link', { name: /^Everyone/ }).click();
        await page.getByRole('button', { name: /^Users/ }).click();
        await page.locator('chat-user-list').getByText('carol').waitFor();
        await expectAccessible(page, `phone users drawer (${theme})`);
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    });
  }

  it('the log-in page passes in both themes and at 390 px', async () => {
    const fresh = await openPage(browser, contexts);
    await fresh.goto(`${sys.baseUrl}/login`);
    for (const theme of THEMES) {
      await useTheme(fresh, theme);
      await fresh.getByLabel('User name').waitFor();
      await expectAccessible(fresh, `log-in (${theme})`);
      await fresh.setViewportSize({ width: 390, height: 800 });
      await expectAccessible(fresh, `log-in at 390 px (${theme})`);
      await fresh.setViewportSize({ width: 1280, height: 800 });
    }
    // A failed log-in's error too.
    await fresh.getByLabel('User name').fill('nobody');
    await fresh.getByLabel('Password', { exact: true }).fill('wrong-password');
    await fresh.locator('button[type=submit]').click();
    await fresh.getByRole('alert').waitFor();
    expect(await expectAccessible(fresh, 'log-in error')).toBeDefined();
  });
});
