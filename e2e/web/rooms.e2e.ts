import { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

if (!HAVE_CHROMIUM)
  console.warn('e2e/web: skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!HAVE_CHROMIUM)('web client: rooms (protocol.md §12)', () => {
  let sys: SystemProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: Page;
  let bob: Page;
  let carol: Page;

  const conversation = (page: Page, name: string) =>
    page.locator('chat-conversation-list').getByRole('link', { name: new RegExp(`^${name}\\b`) });
  const title = (page: Page) => page.locator('h1.title');

  beforeAll(async () => {
    sys = await startWebSystem();
    await Promise.all(['alice', 'bob', 'carol'].map((u) => sys.token(u)));
    browser = await launchChromium();
    const page = (): Promise<Page> => openPage(browser, contexts);
    [alice, bob, carol] = await Promise.all([page(), page(), page()]);
    await Promise.all([
      logIn(alice, sys.baseUrl, 'alice', 'alice-password'),
      logIn(bob, sys.baseUrl, 'bob', 'bob-password'),
      logIn(carol, sys.baseUrl, 'carol', 'carol-password'),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await sys?.dispose();
  });

  it('creates a room, another user finds it in Browse rooms and joins, and they chat in it', async () => {
    await alice.getByRole('button', { name: 'Create room' }).click();
    const dialog = alice.getByRole('dialog');
    await dialog.getByLabel('Name').fill('dev');
    await dialog.getByLabel('Topic').fill('Builds and bugs');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => title(alice).textContent()).toBe('#dev');
    await alice.locator('chat-room-header').getByText('Builds and bugs').waitFor();
    await conversation(alice, '#dev').waitFor();

    await bob.getByRole('button', { name: 'Browse rooms' }).click();
    const browse = bob.getByRole('dialog');
    const row = browse.getByRole('listitem', { name: '#dev' });
    await row.getByText('1 member').waitFor();
    await row.getByText('Builds and bugs').waitFor();
    await row.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => title(bob).textContent()).toBe('#dev');
    await conversation(bob, '#dev').getByText('Builds and bugs').waitFor();

    // The members panel: both, online.
    await alice.locator('chat-room-members').getByRole('listitem', { name: 'bob, online' }).waitFor();
    await bob.locator('chat-room-members').getByRole('listitem', { name: 'alice, online' }).waitFor();

    await say(alice, 'hello room');
    await messages(bob).getByText('hello room').waitFor();
    await say(bob, 'hi alice');
    await messages(alice).getByText('hi alice').waitFor();
    // Unread counts: carol is not in it; bob, elsewhere, counts alice's next message.
    await conversation(bob, 'Everyone').click();
    await say(alice, 'while you were away');
    await conversation(bob, '#dev')
      .and(bob.getByRole('link', { name: /1 unread/ }))
      .waitFor();
    // The README's docs/screenshots/rooms.png is this one, copied from test-artifacts/.
    await screenshot(alice, 'rooms');
  }, 60_000);

  it('keeps a private room out of a third user’s sight until invited', async () => {
    await alice.getByRole('button', { name: 'Create room' }).click();
    const dialog = alice.getByRole('dialog');
    await dialog.getByLabel('Name').fill('#secret');
    await dialog.getByRole('switch', { name: /Private/ }).click();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => title(alice).textContent()).toBe('#secret');
    await alice.locator('chat-room-header').getByLabel('Private room').waitFor();
    await conversation(alice, '#secret')
      .and(alice.getByRole('link', { name: /Private room/ }))
      .waitFor();

    await carol.getByRole('button', { name: 'Browse rooms' }).click();
    const browse = carol.getByRole('dialog');
    await browse.getByRole('listitem', { name: '#dev' }).waitFor();
    expect(await browse.getByRole('listitem', { name: '#secret' }).count()).toBe(0);
    await browse.getByLabel('Search rooms').fill('secret');
    await browse.getByText('No rooms found').waitFor();
    await browse.getByRole('button', { name: 'Close' }).click();

    // Invited, bob joins from the snack bar.
    await alice.getByRole('button', { name: 'Room options' }).click();
    await alice.getByRole('menuitem', { name: 'Invite' }).click();
    const invite = alice.getByRole('dialog');
    await invite.getByLabel('User name').fill('bob');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await bob.getByText('alice invited you to #secret').waitFor();
    await bob.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => title(bob).textContent()).toBe('#secret');
  }, 60_000);

  it('lets the owner edit the topic and remove a member, whose list loses the room; a member may leave', async () => {
    await conversation(alice, '#dev').click();
    await alice.getByRole('button', { name: 'Room options' }).click();
    await alice.getByRole('menuitem', { name: 'Edit topic' }).click();
    const topic = alice.getByRole('dialog');
    await topic.getByLabel('Topic').fill('Release on Friday');
    await topic.getByRole('button', { name: 'Save' }).click();
    await conversation(bob, '#dev').getByText('Release on Friday').waitFor();

    // bob is no owner: no Edit topic, no Remove from room.
    await conversation(bob, '#dev').click();
    await bob.getByRole('button', { name: 'Room options' }).click();
    await bob.getByRole('menuitem', { name: 'Leave room' }).waitFor();
    expect(await bob.getByRole('menuitem', { name: 'Edit topic' }).count()).toBe(0);
    await bob.keyboard.press('Escape');
    expect(
      await bob.locator('chat-room-members').getByRole('button', { name: 'Remove from room' }).count(),
    ).toBe(0);

    const row = alice.locator('chat-room-members').getByRole('listitem', { name: /^bob/ });
    await row.getByRole('button', { name: 'Remove from room' }).click();
    const remove = alice.getByRole('dialog');
    await remove.getByLabel('Reason (optional)').fill('off topic');
    await remove.getByRole('button', { name: 'Remove' }).click();
    await bob
      .locator('mat-snack-bar-container')
      .getByText('You were removed from #dev by alice: off topic')
      .waitFor();
    await expect.poll(() => conversation(bob, '#dev').count()).toBe(0);
    await expect.poll(() => title(bob).textContent()).toBe('Everyone');
    await expect
      .poll(() => alice.locator('chat-room-members').getByRole('listitem', { name: /^bob/ }).count())
      .toBe(0);

    // bob leaves #secret himself.
    await conversation(bob, '#secret').click();
    await bob.getByRole('button', { name: 'Room options' }).click();
    await bob.getByRole('menuitem', { name: 'Leave room' }).click();
    await expect.poll(() => conversation(bob, '#secret').count()).toBe(0);
  }, 60_000);
});
