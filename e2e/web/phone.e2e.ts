import { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient } from '@chat/protocol';

import {
  HAVE_CHROMIUM,
  launchChromium,
  logIn,
  messages,
  say,
  screenshot,
  startWebSystem,
} from '../support/browser';
import { SystemProcess } from '../support/system-process';

if (!HAVE_CHROMIUM)
  console.warn('e2e/web: skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

const WIDTH = 390;

// The page's own global, used only in functions that run in the browser (this tsconfig has no DOM types).
declare const document: {
  documentElement: { scrollWidth: number };
  getAnimations(): { playState: string }[];
};

describe.skipIf(!HAVE_CHROMIUM)('web client on a phone (390 px wide)', () => {
  let sys: SystemProcess;
  let browser: Browser;
  let context: BrowserContext;
  let alice: Page;
  let carol: ChatClient;

  /** Whether the page is no wider than the screen: nothing to scroll sideways. */
  const fits = (): Promise<boolean> =>
    alice.evaluate((w) => document.documentElement.scrollWidth <= w, WIDTH);
  /** Whether the element lies wholly on the screen, sideways. */
  const onScreen = async (locator: ReturnType<Page['locator']>): Promise<boolean> => {
    const box = await locator.boundingBox();
    return box !== null && box.x >= 0 && box.x + box.width <= WIDTH;
  };

  /** Waits for the drawers to finish sliding: the screenshots show them where they stay. */
  const settled = (): Promise<unknown> =>
    alice.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));

  beforeAll(async () => {
    sys = await startWebSystem();
    await sys.token('alice');
    carol = await sys.tcp('carol');
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: WIDTH, height: 800 },
      isMobile: true,
      hasTouch: true,
    });
    alice = await context.newPage();
    alice.setDefaultTimeout(10_000);
    await logIn(alice, sys.baseUrl, 'alice', 'alice-password');
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await carol?.close();
    await sys?.dispose();
  });

  it('shows the conversation and a composer whose buttons fit, with nothing to scroll sideways', async () => {
    await alice.locator('h1').filter({ hasText: 'Everyone' }).waitFor();
    // The drawers start shut: the messages have the screen.
    expect(await alice.getByRole('button', { name: 'Conversations' }).getAttribute('aria-expanded')).toBe(
      'false',
    );
    const composer = alice.locator('chat-composer');
    for (const name of ['Attach a file', 'Take a selfie', 'Record a voice message', 'Send']) {
      expect(await onScreen(composer.getByRole('button', { name, exact: true })), name).toBe(true);
    }
    expect(await onScreen(composer.locator('textarea'))).toBe(true);
    await say(alice, 'typed on a phone');
    await alice.locator('article.mine[data-state=sent]').getByText('typed on a phone').waitFor();
    expect(await fits()).toBe(true);
    await screenshot(alice, 'phone-chat');
  });

  it('reaches the conversations and the header tools in a drawer that opens from the menu button', async () => {
    await carol.request('send', { to: 'alice', text: 'hello from the desk' });
    // The shut drawer's button counts what waits in it.
    const menu = alice.getByRole('button', { name: 'Conversations, 1 unread' });
    await menu.waitFor();
    await menu.click();
    const drawer = alice.locator('mat-sidenav#conversations');
    // Once it has slid in.
    for (const name of ['Notification settings', 'Dark theme', 'Log out']) {
      await expect.poll(() => onScreen(drawer.getByRole('button', { name })), { message: name }).toBe(true);
    }
    await settled();
    await screenshot(alice, 'phone-conversations');
    expect(await fits()).toBe(true);
    await drawer.getByRole('link', { name: /^carol/ }).click();
    await alice.locator('h1').filter({ hasText: 'carol' }).waitFor();
    await messages(alice).getByText('hello from the desk').waitFor();
    // Choosing shuts the drawer.
    await expect
      .poll(() => menu.or(alice.getByRole('button', { name: 'Conversations' })).getAttribute('aria-expanded'))
      .toBe('false');
  });

  it('reaches who is online in a drawer from the Users button, and opens a private chat from it', async () => {
    await alice
      .locator('chat-conversation-list')
      .getByRole('link', { name: /^carol/ })
      .waitFor({ state: 'attached' });
    const users = alice.getByRole('button', { name: /^Users \(2\)/ });
    expect(await onScreen(users)).toBe(true);
    await users.click();
    const drawer = alice.locator('mat-sidenav#online-users');
    await drawer.getByText('carol').waitFor();
    await expect.poll(() => onScreen(drawer)).toBe(true);
    await settled();
    await screenshot(alice, 'phone-users');
    await alice.keyboard.press('Escape');
    await expect.poll(() => users.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows a banner while the connection is down, and takes it away once it is back', async () => {
    const banner = alice.getByRole('status').filter({ hasText: 'Reconnecting' });
    await sys.edge.stop();
    try {
      await banner.waitFor();
      const box = await banner.boundingBox();
      expect(box && box.height > 0 && box.x >= 0 && box.x + box.width <= WIDTH).toBe(true);
      // Sending waits until then (typing does not).
      expect(
        await alice.locator('chat-composer').getByRole('button', { name: 'Send', exact: true }).isDisabled(),
      ).toBe(true);
      expect(await fits()).toBe(true);
      await settled();
      await screenshot(alice, 'phone-offline');
    } finally {
      await sys.edge.restart();
    }
    await alice.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
    expect(await banner.count()).toBe(0);
    expect(await alice.locator('chat-connection-banner .down').count()).toBe(0);
    await say(alice, 'back online');
    await alice.locator('article.mine[data-state=sent]').getByText('back online').waitFor();
  }, 40_000);
});
