import { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { nickColour } from '@chat/protocol';

import {
  HAVE_CHROMIUM,
  launchChromium,
  logIn,
  messages,
  openPage,
  say,
  screenshot,
  startWebSystem,
} from '../support/browser';
import { SystemProcess } from '../support/system-process';

// The page's own globals, used only in functions that run in the browser (this tsconfig has no DOM types).
declare function getComputedStyle(element: unknown): { backgroundColor: string; color: string };

/** `#rrggbb` as the browser computes a colour. */
const rgb = (hex: string): string =>
  `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

if (!HAVE_CHROMIUM)
  console.warn('e2e/web: skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!HAVE_CHROMIUM)('web client: formatted messages, mentions and groups', () => {
  let sys: SystemProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: Page;
  let bob: Page;

  beforeAll(async () => {
    sys = await startWebSystem();
    await Promise.all([sys.token('alice'), sys.token('bob')]);
    browser = await launchChromium();
    [alice, bob] = await Promise.all([openPage(browser, contexts), openPage(browser, contexts)]);
    await logIn(alice, sys.baseUrl, 'alice', 'alice-password');
    await logIn(bob, sys.baseUrl, 'bob', 'bob-password');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await sys?.dispose();
  });

  it('alice completes @b to bob with Tab; bob sees bold, a safe link, his mention apart, raw HTML as text', async () => {
    await say(alice, '**bold** see https://example.org');

    const box = alice.locator('chat-composer textarea');
    await box.pressSequentially('lunch, @b');
    await alice.getByRole('option', { name: '@bob' }).waitFor();
    await box.press('Tab');
    expect(await box.inputValue()).toBe('lunch, @bob ');
    await box.pressSequentially('?');
    await box.press('Enter');

    await say(alice, '<img src=x onerror="document.title=1"> [x](javascript:alert(1))');
    await say(alice, 'a `code` span\n> a quote\n\n```\nblock\n  indented\n```');

    const list = messages(bob);
    await list.locator('strong', { hasText: 'bold' }).waitFor();
    const link = list.getByRole('link', { name: 'https://example.org' });
    expect(await link.getAttribute('href')).toBe('https://example.org');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

    const mention = list.locator('.mention', { hasText: '@bob' });
    await mention.waitFor();
    expect(await mention.getAttribute('class')).toBe('mention mention-me');
    // alice sees the same mention, but it is not hers: no highlight of her own.
    expect(await messages(alice).locator('.mention', { hasText: '@bob' }).getAttribute('class')).toBe(
      'mention',
    );
    const [plain, own] = await Promise.all(
      [messages(alice).locator('.mention').first(), mention].map((l) =>
        l.evaluate((el) => getComputedStyle(el).backgroundColor),
      ),
    );
    expect(own).not.toBe(plain);

    const raw = list.locator('.text', { hasText: 'onerror' });
    await raw.waitFor();
    expect(await raw.textContent()).toBe('<img src=x onerror="document.title=1"> [x](javascript:alert(1))');
    expect(await raw.locator('img, a').count()).toBe(0);

    await list.locator('blockquote', { hasText: 'a quote' }).waitFor();
    expect(await list.locator('p > code').textContent()).toBe('code');
    expect(await list.locator('pre > code').textContent()).toBe('block\n  indented\n');
    await screenshot(bob, 'rich-messages');
  });

  it("groups alice's messages under one name and avatar, and shows no status on delivered ones", async () => {
    const list = messages(bob);
    await expect.poll(() => list.locator('article').count()).toBe(4);
    expect(await list.locator('article.continues').count()).toBe(3);
    expect(await list.locator('.from').allTextContents()).toEqual(['alice']);

    const avatars = list.locator('chat-avatar');
    expect(await avatars.allTextContents()).toEqual(['A']);
    expect(await avatars.getAttribute('aria-hidden')).toBe('true');
    const colours = await avatars.evaluate((el) => {
      const style = getComputedStyle(el);
      return [style.backgroundColor, style.color];
    });
    expect(colours).toEqual([rgb(nickColour('alice').hex), 'rgb(255, 255, 255)']);

    const mine = messages(alice).locator('article.mine');
    await expect.poll(() => alice.locator('article.mine[data-state=sent]').count()).toBe(4);
    expect(await mine.locator('footer').count()).toBe(0);
    expect(await messages(alice).textContent()).not.toContain('Sent');
    await screenshot(alice, 'rich-messages-own');
  });
});
