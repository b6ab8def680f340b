import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageFrame } from '@chat/protocol';

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
import { EdgeProcess } from '../support/edge-process';
import { collect, eventually, nextEvent } from '../support/events';
import { SystemProcess } from '../support/system-process';

// The page's own globals, used only in functions that run in the browser (this tsconfig has no DOM types).
declare function getComputedStyle(element: unknown): { fontFamily: string };
declare const DataTransfer: new () => { items: { add(file: File): void } };
declare const DragEvent: new (
  type: string,
  init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean },
) => unknown;

/** A 1×1 PNG, base64. */
const ONE_PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** In the page: whether each <img> has come in and decoded (a broken or missing one has no width). */
const loaded = (imgs: { complete: boolean; naturalWidth: number }[]): boolean[] =>
  imgs.map((img) => img.complete && img.naturalWidth > 0);

if (!HAVE_CHROMIUM)
  console.warn('e2e/web: skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!HAVE_CHROMIUM)('web client: two browsers and a TCP user chat together', () => {
  let sys: SystemProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: Page;
  let bob: Page;
  let admin: Page;
  let carol: ChatClient;
  let carolMessages: MessageFrame[];

  beforeAll(async () => {
    sys = await startWebSystem();
    await Promise.all([sys.token('alice'), sys.token('bob')]);
    carol = await sys.tcp('carol');
    carolMessages = collect<MessageFrame>(carol, 'message');
    browser = await launchChromium();
    const page = (): Promise<Page> => openPage(browser, contexts);
    [alice, bob, admin] = await Promise.all([page(), page(), page()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await carol?.close();
    await sys?.dispose();
  });

  it('serves the app at / and logs two users in through the form', async () => {
    await alice.goto(`${sys.baseUrl}/`);
    await alice.getByLabel('User name').waitFor(); // not logged in: the router shows the log-in page
    await screenshot(alice, 'login');
    // Until Roboto's weights have loaded, text falls back to a sans-serif font, not the serif default.
    expect(
      await alice.locator('button[type=submit]').evaluate((el) => getComputedStyle(el).fontFamily),
    ).toMatch(/^Roboto, sans-serif$/);

    await logIn(alice, sys.baseUrl, 'alice', 'alice-password');
    await logIn(bob, sys.baseUrl, 'bob', 'bob-password');
    await alice.locator('.notices').getByText('bob joined').waitFor();

    await expect
      .poll(() => alice.getByRole('button', { name: /Users \(\d+\)/ }).textContent())
      .toContain('(3)');
  });

  it('a group message reaches the other browser and the TCP user, and the TCP user is heard back', async () => {
    await say(alice, 'hello everyone');
    await messages(bob).getByText('hello everyone').waitFor();
    await eventually(() => expect(carolMessages.map((m) => m.text)).toContain('hello everyone'));
    await alice.locator('article.mine[data-state=sent]').getByText('hello everyone').waitFor();

    await carol.request('send', { to: '*', text: 'hi from the terminal' });
    await messages(alice).getByText('hi from the terminal').waitFor();
    await messages(bob).getByText('hi from the terminal').waitFor();
    await screenshot(alice, 'chat');
  });

  it('a click on an emoji picture sends its character: a picture in the other browser, the character on TCP', async () => {
    await alice.getByRole('button', { name: 'Send an emoji' }).click();
    const pictures = alice.getByRole('group', { name: 'Emoji' }).getByRole('img');
    // Every picture of the picker is in the build: a missing file would load as nothing.
    await expect.poll(() => pictures.evaluateAll(loaded)).toEqual(Array(20).fill(true));
    await screenshot(alice, 'emoji-picker');
    const got = nextEvent<MessageFrame>(carol, 'message');
    await alice.getByRole('menuitem', { name: 'partying' }).click();

    expect(await got).toMatchObject({ from: 'alice', text: '🥳' });
    const picture = messages(bob).getByRole('img', { name: '🥳' });
    await picture.waitFor();
    await expect.poll(() => picture.evaluateAll(loaded)).toEqual([true]);

    await carol.request('send', { to: '*', text: 'well done 👏 (from the terminal)' });
    const inline = messages(alice).locator('.text', { hasText: 'well done' });
    await inline.getByRole('img', { name: '👏' }).waitFor();
    expect(await inline.textContent()).toBe('well done  (from the terminal)');
    await screenshot(bob, 'chat-emoji');
  });

  it('a private message from the users panel reaches only its recipient, with an unread count', async () => {
    const before = carolMessages.length;
    await bob.getByRole('button', { name: 'Chat with alice' }).click();
    await say(bob, 'psst, alice');

    const fromBob = alice.getByRole('link', { name: /^bob psst, alice\b.*1 unread$/ });
    await fromBob.waitFor();
    await fromBob.click();
    await messages(alice).getByText('psst, alice').waitFor();
    expect(carolMessages.slice(before).map((m) => m.text)).not.toContain('psst, alice');
  });

  it('choosing several users starts a group-of-users message', async () => {
    const got = nextEvent<MessageFrame>(carol, 'message');
    await alice.getByLabel('Select bob for a group message').check();
    await alice.getByLabel('Select carol for a group message').check();
    await alice.getByRole('button', { name: 'Message 2 selected' }).click();
    await say(alice, 'just the three of us');

    const message = await got;
    expect(message).toMatchObject({ kind: 'group', from: 'alice', text: 'just the three of us' });
    await bob.getByRole('link', { name: /^alice, carol just the three of us\b.*1 unread$/ }).waitFor();
    await screenshot(alice, 'group-chat');
  });

  it('the private and group conversations are still listed after a reload, the newest first', async () => {
    await alice.reload();
    await alice.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    const list = alice.getByRole('navigation', { name: 'Conversations' }).getByRole('link');
    await expect
      .poll(() => list.locator('[matListItemTitle]').allTextContents())
      .toEqual(['Everyone', 'bob, carol', 'bob']);

    await alice.getByRole('link', { name: /^bob psst/ }).click();
    await messages(alice).getByText('psst, alice').waitFor();
  });

  it('a file goes from the browser to the TCP user and back, byte for byte', async () => {
    await alice.getByRole('link', { name: /^Everyone/ }).click();
    const outgoing = randomBytes(300_000);
    const got = nextEvent<MessageFrame>(carol, 'message', 15_000);
    await alice
      .locator('chat-composer input[type=file]')
      .setInputFiles({ name: 'from-browser.bin', mimeType: 'application/octet-stream', buffer: outgoing });
    const message = await got;
    expect(message.file).toMatchObject({
      name: 'from-browser.bin',
      size: outgoing.length,
      sha256: sha256(outgoing),
    });
    const fetched = await carol.download(message.file!.id);
    expect(sha256(fetched.data!)).toBe(sha256(outgoing));

    const back = randomBytes(200_000);
    const uploaded = await carol.upload(back, {
      name: 'from-terminal.bin',
      mime: 'application/octet-stream',
    });
    await carol.request('send', { to: '*', fileId: uploaded.fileId });
    const button = alice.getByRole('button', { name: 'Download from-terminal.bin' });
    await button.waitFor();
    const [download] = await Promise.all([alice.waitForEvent('download'), button.click()]);
    expect(sha256(readFileSync(await download.path()))).toBe(sha256(back));
    await screenshot(alice, 'chat-files');
  });

  it('an image dropped on the chat is uploaded and shows as a preview in the other browser', async () => {
    await bob.getByRole('link', { name: /^Everyone/ }).click();
    // What the browser gives the page when a file is dragged onto it from the desktop.
    await alice.locator('mat-sidenav-content').evaluate((target, base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
      for (const type of ['dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, cancelable: true }));
    }, ONE_PIXEL_PNG);

    const preview = bob.locator('chat-file-view img[alt="dropped.png"]');
    await preview.waitFor();
    await expect.poll(() => preview.evaluateAll(loaded)).toEqual([true]);
  });

  it('scrolling to the top loads older history, and an own message sent from up there scrolls down to it', async () => {
    for (let i = 1; i <= 60; i++) await carol.request('send', { to: '*', text: `older ${i}` });
    await alice.reload();
    await alice.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await messages(alice).getByText('older 60', { exact: true }).waitFor();
    expect(await messages(alice).getByText('older 1', { exact: true }).count()).toBe(0); // a page is 50

    const scroller = messages(alice).locator('.scroller');
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await messages(alice).getByText('older 1', { exact: true }).waitFor();

    await say(alice, 'back at the bottom');
    await alice.locator('article.mine[data-state=sent]').getByText('back at the bottom').waitFor();
    await expect
      .poll(() => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight))
      .toBeLessThan(48);
  });

  it("an admin bans a user from the admin page, and that user's browser says so", async () => {
    await logIn(admin, sys.baseUrl, 'admin', 'admin-password-123');
    await admin.getByRole('link', { name: 'Admin' }).click();
    await admin.getByLabel('Search users').fill('bob');
    const actions = admin.getByRole('button', { name: 'Actions for bob' });
    await actions.waitFor();
    await expect.poll(() => admin.getByRole('row').count()).toBe(2); // the header and bob
    await actions.click();
    await admin.getByRole('menuitem', { name: 'Ban…' }).click();
    await admin.getByLabel('Reason').fill('testing bans');
    await admin.getByLabel('Minutes').fill('60');
    await admin.getByRole('dialog').getByRole('button', { name: 'Ban', exact: true }).click();

    await bob.getByText('You are banned').waitFor();
    expect(await bob.getByRole('alert').textContent()).toContain('testing bans');
    await screenshot(bob, 'banned');
    await admin.getByRole('cell', { name: /banned until/ }).waitFor();
    await admin.getByLabel('Search users').fill('');
    await expect.poll(() => admin.getByRole('row').count()).toBe(5); // the header, admin, alice, bob, carol
    await screenshot(admin, 'admin-users');
    await admin.getByRole('tab', { name: 'Audit log' }).click();
    await admin.getByRole('cell', { name: 'testing bans' }).first().waitFor();
    await admin.waitForTimeout(600); // the tabs' slide, for the screenshot only
    await screenshot(admin, 'admin-audit');
  });

  it("an admin mutes a user from the admin page; the user's composer says until when, and unmute ends it", async () => {
    await admin.getByRole('tab', { name: 'Users' }).click();
    await admin.getByLabel('Search users').fill('alice');
    // The search answers after a debounce: act on the list it leaves, not on the one before it.
    await expect.poll(() => admin.getByRole('row').count()).toBe(2); // the header and alice
    await admin.getByRole('button', { name: 'Actions for alice' }).click();
    await admin.getByRole('menuitem', { name: 'Mute…' }).click();
    await admin.getByLabel('Reason').fill('cool down');
    await admin.getByLabel('Minutes').fill('5');
    await admin.getByRole('dialog').getByRole('button', { name: 'Mute', exact: true }).click();

    await alice.getByText(/You are muted until .* \(cool down\)/).waitFor();
    expect(await alice.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    await screenshot(alice, 'muted');

    await admin.getByRole('cell', { name: /muted until/ }).waitFor();
    await admin.getByRole('button', { name: 'Actions for alice' }).click();
    await admin.getByRole('menuitem', { name: 'Unmute' }).click();
    await alice.getByText(/You are muted/).waitFor({ state: 'detached' });
    await say(alice, 'free to talk again');
    await alice.locator('article.mine[data-state=sent]').getByText('free to talk again').waitFor();
  });

  it('switches to the dark theme', async () => {
    await alice.getByRole('button', { name: 'Dark theme' }).click();
    expect(await alice.locator('html.dark-theme').count()).toBe(1);
    await screenshot(alice, 'chat-dark');
    await alice.getByRole('button', { name: 'Light theme' }).click();
  });

  it('reconnects by itself after the edge restarts, and gets what was sent meanwhile through since', async () => {
    await alice.getByRole('link', { name: /^Everyone/ }).click();
    // A second edge on the same store, unknown to alice's browser: what is sent there while her
    // edge is down can reach her only through `since` when she reconnects.
    const other = await EdgeProcess.start({ dataDir: sys.edge.dataDir });
    try {
      await sys.edge.stop();
      await alice.getByRole('status').filter({ hasText: 'Reconnecting' }).waitFor();
      const dave = await other.login('dave');
      await dave.request('send', { to: '*', text: 'while you were away' });
      await dave.close();

      await sys.edge.restart();
      await alice.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
      await messages(alice).getByText('while you were away').waitFor();
      expect(await messages(alice).getByText('while you were away').count()).toBe(1);
    } finally {
      await other.dispose();
    }
  });
});
