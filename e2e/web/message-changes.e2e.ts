import { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageUpdateFrame } from '@chat/protocol';

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
import { openRepl } from '../support/cli-repl';
import { collect, eventually } from '../support/events';
import { SystemProcess } from '../support/system-process';

if (!HAVE_CHROMIUM)
  console.warn('e2e/web: skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

/** Edits, deletions, reactions, replies, typing, receipts and search between two browsers and a TCP client. */
describe.skipIf(!HAVE_CHROMIUM)('web client: edit, delete, react, reply, typing, receipts, search', () => {
  let sys: SystemProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: Page;
  let bob: Page;
  let carol: ChatClient;
  let updates: MessageUpdateFrame[];
  /** The terminal client, watching as dave. */
  let cli: ReturnType<typeof openRepl>;

  const bubble = (page: Page, text: string) => messages(page).locator('article').filter({ hasText: text });
  const actionsOf = async (page: Page, text: string) => {
    const article = bubble(page, text).first();
    await article.hover();
    await article.getByRole('button', { name: /^Message actions/ }).click();
  };

  beforeAll(async () => {
    sys = await startWebSystem();
    await Promise.all([sys.token('alice'), sys.token('bob'), sys.token('dave')]);
    carol = await sys.tcp('carol');
    updates = collect<MessageUpdateFrame>(carol, 'message.update');
    cli = openRepl([
      '--host',
      '127.0.0.1',
      '--port',
      String(sys.edge.port),
      '--user',
      'dave',
      '--password',
      'dave-password',
    ]);
    await eventually(() => expect(cli.printed()).toContain('Logged in as dave'), 15_000);
    browser = await launchChromium();
    [alice, bob] = await Promise.all([openPage(browser, contexts), openPage(browser, contexts)]);
    await Promise.all([
      logIn(alice, sys.baseUrl, 'alice', 'alice-password'),
      logIn(bob, sys.baseUrl, 'bob', 'bob-password'),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await carol?.close();
    await cli?.stop();
    await sys?.dispose();
  });

  it('shows who is typing, and stops showing it when they clear the line or go quiet', async () => {
    const box = bob.locator('chat-composer textarea');
    await box.fill('thinking');
    await messages(alice).getByText('bob is typing…').waitFor();
    await box.fill('');
    await expect.poll(() => messages(alice).getByText('bob is typing…').count()).toBe(0);
    await box.fill('still thinking');
    await messages(alice).getByText('bob is typing…').waitFor();
    // Nothing more typed: the indicator lapses by itself.
    await expect.poll(() => messages(alice).getByText('bob is typing…').count(), { timeout: 10_000 }).toBe(0);
    await box.fill('');
  }, 30_000);

  it('edits a message, and the other browser, the terminal client and a TCP client see the new text', async () => {
    await say(alice, 'helo everyone');
    await bubble(bob, 'helo everyone').waitFor();
    await actionsOf(alice, 'helo everyone');
    await alice.getByRole('menuitem', { name: 'Edit' }).click();
    await alice.getByRole('status').filter({ hasText: 'Editing your message' }).waitFor();
    const box = alice.locator('chat-composer textarea');
    expect(await box.inputValue()).toBe('helo everyone');
    await box.fill('hello everyone');
    await box.press('Enter');
    await bubble(bob, 'hello everyone').getByText('(edited)').waitFor();
    await eventually(() => expect(updates.at(-1)).toMatchObject({ action: 'edit', text: 'hello everyone' }));
    await eventually(() => expect(cli.printed()).toMatch(/\* \(\d+\) alice edited: hello everyone/));
  }, 30_000);

  it('reacts with a count of who reacted, and answers with a quote of the message', async () => {
    await actionsOf(bob, 'hello everyone');
    await bob.getByRole('menuitem', { name: 'React 👍' }).click();
    await bubble(alice, 'hello everyone').getByRole('button', { name: '👍 1: bob' }).waitFor();
    // Alice adds hers with the chip itself.
    await bubble(alice, 'hello everyone').getByRole('button', { name: '👍 1: bob' }).click();
    await bubble(bob, 'hello everyone').getByRole('button', { name: '👍 2: bob, alice' }).waitFor();

    await actionsOf(bob, 'hello everyone');
    await bob.getByRole('menuitem', { name: 'Reply' }).click();
    await bob.getByRole('status').filter({ hasText: 'Replying to alice' }).waitFor();
    await say(bob, 'welcome!');
    const reply = bubble(alice, 'welcome!');
    await reply.getByRole('button', { name: /^In reply to alice\s*:\s*hello everyone$/ }).waitFor();
    await screenshot(alice, 'message-changes');
  }, 30_000);

  it('deletes a message after asking, leaving "Message deleted" everywhere', async () => {
    await say(alice, 'oops, wrong chat');
    await bubble(bob, 'oops, wrong chat').waitFor();
    await actionsOf(alice, 'oops, wrong chat');
    await alice.getByRole('menuitem', { name: 'Delete' }).click();
    await alice
      .getByRole('dialog', { name: 'Delete message?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect.poll(() => bubble(bob, 'oops, wrong chat').count()).toBe(0);
    await messages(bob).getByText('Message deleted').waitFor();
    await eventually(() => expect(updates.at(-1)).toMatchObject({ action: 'delete', deleted: true }));
    await eventually(() => expect(cli.printed()).toMatch(/\* \(\d+\) deleted by alice/));
    // Bob may not delete alice's message: his menu has no Delete.
    await actionsOf(bob, 'hello everyone');
    expect(await bob.getByRole('menuitem', { name: 'Delete' }).count()).toBe(0);
    await bob.keyboard.press('Escape');
  }, 30_000);

  it('shows a read receipt once the other opened the conversation', async () => {
    await alice.getByRole('button', { name: 'Chat with bob' }).click();
    await say(alice, 'did you read this?');
    await bob.getByRole('link', { name: /^alice\b.*1 unread/ }).click();
    await messages(bob).getByText('did you read this?').waitFor();
    await bubble(alice, 'did you read this?').getByText('Seen by bob').waitFor();

    // Bob turns receipts off: his reads are told to nobody now.
    await bob.getByRole('button', { name: 'Notification settings' }).click();
    const settings = bob.getByRole('dialog');
    await settings.getByRole('switch', { name: 'Read receipts' }).click();
    await expect
      .poll(() => settings.getByRole('switch', { name: 'Read receipts' }).getAttribute('aria-checked'))
      .toBe('false');
    await settings.getByRole('button', { name: 'Close' }).click();
    await say(alice, 'and this one?');
    await messages(bob).getByText('and this one?').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await bubble(alice, 'and this one?').getByText('Seen by').count()).toBe(0);
  }, 40_000);

  it('finds a message by its words and opens it in its conversation', async () => {
    await bob.getByRole('link', { name: /^Everyone/ }).click();
    await alice.getByRole('button', { name: 'Search messages' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Search messages' });
    await dialog.getByLabel('Words to find').fill('hello every');
    await dialog.getByRole('button', { name: 'Search', exact: true }).click();
    await dialog.getByRole('status').filter({ hasText: '1 found' }).waitFor();
    await dialog.getByRole('button', { name: /hello everyone/ }).click();
    await expect.poll(() => alice.locator('h1.title').textContent()).toBe('Everyone');
    await messages(alice).locator('article.highlighted').filter({ hasText: 'hello everyone' }).waitFor();
  }, 30_000);
});
