import { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient } from '@chat/protocol';

import { HAVE_CHROMIUM, launchChromium, logIn, messages, openPage, startWebSystem } from '../support/browser';
import { SystemProcess } from '../support/system-process';

if (!HAVE_CHROMIUM)
  console.warn('e2e/web: skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!HAVE_CHROMIUM)('web client: unread counts kept by the server', () => {
  let sys: SystemProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let phone: Page;
  let laptop: Page;
  let carol: ChatClient;

  const carolsChat = (page: Page) =>
    page.locator('chat-conversation-list').getByRole('link', { name: /^carol\b/ });

  beforeAll(async () => {
    sys = await startWebSystem();
    await sys.token('bob');
    carol = await sys.tcp('carol');
    browser = await launchChromium();
    [phone, laptop] = await Promise.all([openPage(browser, contexts), openPage(browser, contexts)]);
    await Promise.all([
      logIn(phone, sys.baseUrl, 'bob', 'bob-password'),
      logIn(laptop, sys.baseUrl, 'bob', 'bob-password'),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await carol?.close();
    await sys?.dispose();
  });

  it('keeps unread counts over a reload, shows the total in the title, and clears them on every device once read', async () => {
    await carol.request('send', { to: 'bob', text: 'are you there?' });
    await carol.request('send', { to: 'bob', text: 'ping me back' });
    for (const page of [phone, laptop]) {
      await carolsChat(page)
        .and(page.getByRole('link', { name: /2 unread/ }))
        .waitFor();
      await expect.poll(() => page.title()).toBe('(2) Natter');
    }

    await phone.reload();
    await phone.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await carolsChat(phone)
      .and(phone.getByRole('link', { name: /2 unread/ }))
      .waitFor();
    await expect.poll(() => phone.title()).toBe('(2) Natter');

    // Read on the phone: the laptop's count goes too, and a reload brings none back.
    await carolsChat(phone).click();
    await messages(phone).getByText('ping me back').waitFor();
    await expect.poll(() => phone.title()).toBe('Natter');
    await expect.poll(() => laptop.getByRole('link', { name: /unread/ }).count()).toBe(0);
    await expect.poll(() => laptop.title()).toBe('Natter');
    await laptop.reload();
    await laptop.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await carolsChat(laptop).waitFor();
    expect(await laptop.getByRole('link', { name: /unread/ }).count()).toBe(0);
  }, 60_000);
});
