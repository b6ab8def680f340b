import { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient } from '@chat/protocol';

import {
  HAVE_CHROMIUM,
  launchChromium,
  logIn,
  messages,
  screenshot,
  startWebSystem,
} from '../support/browser';
import { SystemProcess } from '../support/system-process';

if (!HAVE_CHROMIUM)
  console.warn('e2e/web: skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

interface Seen {
  title: string;
  body: string;
  tag: string;
}

// The page's own globals, used only in functions that run in the browser (this tsconfig has no DOM types).
interface PageNotification {
  onclick: ((event: unknown) => void) | null;
  close(): void;
}
type NotificationClass = (new (
  title: string,
  options?: { body?: string; tag?: string },
) => PageNotification) & {
  permission: string;
  requestPermission(): Promise<string>;
};
declare const window: {
  seenNotifications: (Seen & { click: () => void; closed: boolean })[];
  tones: number;
  Notification: NotificationClass;
  AudioContext: { prototype: { createOscillator: () => unknown } };
};
declare const document: { dispatchEvent(event: unknown): boolean };
declare const Event: new (type: string) => unknown;
declare const Image: new () => {
  src: string;
  naturalWidth: number;
  decode(): Promise<void>;
};

/**
 * Runs in the page before the app: the real Notification, each construction recorded (the
 * browser still shows it), and every Web Audio oscillator started counted.
 */
function watchAlerts(): void {
  const Real = window.Notification;
  window.seenNotifications = [];
  class Watched extends Real {
    constructor(title: string, options?: { body?: string; tag?: string }) {
      super(title, options);
      const seen = {
        title,
        body: options?.body ?? '',
        tag: options?.tag ?? '',
        closed: false,
        // What a click on it does: the app's onclick, as the browser would call it.
        click: () => this.onclick?.call(this, new Event('click')),
      };
      const close = this.close.bind(this);
      this.close = () => {
        seen.closed = true;
        close();
      };
      window.seenNotifications.push(seen);
    }
  }
  Object.defineProperty(Watched, 'permission', { get: () => Real.permission });
  Object.defineProperty(Watched, 'requestPermission', { value: () => Real.requestPermission() });
  window.Notification = Watched;
  window.tones = 0;
  const proto = window.AudioContext.prototype;
  const create = proto.createOscillator;
  proto.createOscillator = function (this: unknown) {
    window.tones++;
    return create.call(this);
  };
}

/** Makes the page report itself hidden (another tab in front), or visible again, as the browser does. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    const state = h ? 'hidden' : 'visible';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

describe.skipIf(!HAVE_CHROMIUM)('web client: unread badge, notifications and sound', () => {
  let sys: SystemProcess;
  let browser: Browser;
  let context: BrowserContext;
  let alice: Page;
  let carol: ChatClient;
  let dave: ChatClient;

  const seen = (): Promise<Seen[]> =>
    alice.evaluate(() => window.seenNotifications.map(({ title, body, tag }) => ({ title, body, tag })));
  const tones = (): Promise<number> => alice.evaluate(() => window.tones);
  const favicon = (): Promise<string> =>
    alice.locator('link[rel~="icon"]').evaluate((l) => (l as unknown as { href: string }).href);
  const conversation = (name: RegExp) => alice.locator('chat-conversation-list').getByRole('link', { name });

  beforeAll(async () => {
    sys = await startWebSystem();
    await sys.token('alice');
    [carol, dave] = await Promise.all([sys.tcp('carol'), sys.tcp('dave')]);
    browser = await launchChromium();
    // The permission a user gives when the browser asks (headless Chromium has nobody to ask).
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      permissions: ['notifications'],
    });
    await context.addInitScript(watchAlerts);
    alice = await context.newPage();
    alice.setDefaultTimeout(10_000);
    await logIn(alice, sys.baseUrl, 'alice', 'alice-password');
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await Promise.all([carol?.close(), dave?.close()]);
    await sys?.dispose();
  });

  it('shows the unread total in the title and on the favicon, and the plain icon once read', async () => {
    const plain = await favicon();
    expect(plain).toMatch(/\/favicon\.svg$/);
    for (const text of ['one', 'two', 'three']) await carol.request('send', { to: 'alice', text });
    await expect.poll(() => alice.title()).toBe('(3) Natter');
    await expect.poll(favicon).toMatch(/^data:image\/svg\+xml,/);
    const icon = decodeURIComponent(await favicon());
    expect(icon).toContain('>3</text>');
    // The badged icon is an image the browser can draw.
    const width = await alice.evaluate(
      async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return img.naturalWidth;
      },
      await favicon(),
    );
    expect(width).toBeGreaterThan(0);
    await screenshot(alice, 'attention-unread');

    await conversation(/^carol/).click();
    await messages(alice).getByText('three').waitFor();
    await expect.poll(() => alice.title()).toBe('Natter');
    await expect.poll(favicon).toBe(plain);
    // Nothing was on: no notification, no sound, and the browser was not asked.
    expect(await seen()).toEqual([]);
    expect(await tones()).toBe(0);
  });

  it('with notifications and sound turned on, tells of a private message while another conversation is open', async () => {
    await alice.getByRole('button', { name: 'Notification settings' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Notifications' });
    await dialog.getByRole('switch', { name: 'Desktop notifications' }).click();
    await expect
      .poll(() => dialog.getByRole('switch', { name: 'Desktop notifications' }).isChecked())
      .toBe(true);
    await dialog.getByRole('switch', { name: 'Sound' }).click();
    // Turning the sound on plays a sample.
    await expect.poll(tones).toBe(2);
    await screenshot(alice, 'attention-settings');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    // In carol's conversation, in sight: nothing to tell.
    await carol.request('send', { to: 'alice', text: 'seen as it comes' });
    await messages(alice).getByText('seen as it comes').waitFor();

    await conversation(/^Everyone/).click();
    // A burst chimes once (alert-sound.ts: CHIME_GAP_MS), the sample included: let it pass.
    await alice.waitForTimeout(1_600);
    await carol.request('send', { to: 'alice', text: 'lunch at noon?' });
    await expect.poll(seen).toEqual([{ title: 'carol', body: 'lunch at noon?', tag: 'chat-u:carol' }]);
    await expect.poll(tones).toBe(4);

    // A click on the notification opens the conversation.
    await alice.evaluate(() => window.seenNotifications[0].click());
    await alice.locator('h1').filter({ hasText: 'carol' }).waitFor();
    await messages(alice).getByText('lunch at noon?').waitFor();
  });

  it('tells of a message in the open conversation once the page is hidden, and of a mention anywhere', async () => {
    await alice.evaluate(() => (window.seenNotifications.length = 0));
    await setHidden(alice, true);
    try {
      await carol.request('send', { to: 'alice', text: 'are you still there?' });
      await expect
        .poll(seen)
        .toEqual([{ title: 'carol', body: 'are you still there?', tag: 'chat-u:carol' }]);
      // To everyone: only a mention is worth telling.
      await dave.request('send', { to: '*', text: 'good morning all' });
      await dave.request('send', { to: '*', text: 'ping @alice about the release' });
      await expect
        .poll(async () => (await seen()).map((n) => n.title))
        .toEqual(['carol', 'dave mentioned you in Everyone']);
    } finally {
      await setHidden(alice, false);
    }
    // The list marks the mention apart from the count.
    await conversation(/^Everyone.*2 unread, 1 mention/).waitFor();
    expect(
      await conversation(/^Everyone/)
        .locator('.mention')
        .textContent(),
    ).toBe('@');
  });

  it('notifies of an incoming call while the page is hidden', async () => {
    await alice.evaluate(() => (window.seenNotifications.length = 0));
    await setHidden(alice, true);
    try {
      const { callId } = await carol.request('call.invite', { to: 'alice', media: 'audio' });
      await expect.poll(seen).toEqual([{ title: 'carol is calling', body: 'Voice call', tag: 'chat-call' }]);
      await carol.request('call.hangup', { callId });
      await expect.poll(() => alice.evaluate(() => window.seenNotifications[0].closed)).toBe(true);
    } finally {
      await setHidden(alice, false);
    }
  });

  it('is silent with do not disturb on, and tells again once it is off', async () => {
    await alice.evaluate(() => (window.seenNotifications.length = 0));
    await alice.getByRole('button', { name: 'Notification settings' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Notifications' });
    await dialog.getByRole('switch', { name: 'Do not disturb' }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    await conversation(/^Everyone/).click();
    const before = await tones();

    await carol.request('send', { to: 'alice', text: 'quiet please' });
    await dave.request('send', { to: '*', text: '@alice, quietly' });
    await conversation(/^carol.*1 unread/).waitFor();
    await messages(alice).getByText('@alice, quietly').waitFor();
    // Give a notification the time it would have taken.
    await alice.waitForTimeout(500);
    expect(await seen()).toEqual([]);
    expect(await tones()).toBe(before);

    // The choice is kept over a reload.
    await alice.reload();
    await alice.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await alice.getByRole('button', { name: 'Notification settings' }).click();
    const again = alice.getByRole('dialog', { name: 'Notifications' });
    expect(await again.getByRole('switch', { name: 'Do not disturb' }).isChecked()).toBe(true);
    expect(await again.getByRole('switch', { name: 'Desktop notifications' }).isChecked()).toBe(true);
    await again.getByRole('switch', { name: 'Do not disturb' }).click();
    await again.getByRole('button', { name: 'Close' }).click();
    await again.waitFor({ state: 'detached' });

    await carol.request('send', { to: 'alice', text: 'loud again' });
    await expect.poll(async () => (await seen()).map((n) => n.body)).toEqual(['loud again']);
  });
});
