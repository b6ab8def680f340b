import type { Browser, BrowserContext } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MessageFrame } from '@chat/protocol';

import {
  HAVE_CHROMIUM,
  launchChromium,
  logIn,
  openPage,
  screenshot,
  startWebSystem,
} from '../support/browser';
import { collect, eventually } from '../support/events';
import { SystemProcess } from '../support/system-process';

describe.skipIf(!HAVE_CHROMIUM)('web: screenshots into Snapshots', () => {
  let sys: SystemProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sys = await startWebSystem();
    browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await sys?.dispose();
  });

  it('"This window" puts a PNG of the window’s size into Snapshots, and nothing leaves the origin', async () => {
    const token = await sys.token('alice');
    const page = await openPage(browser, contexts);
    const foreign: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== sys.baseUrl) foreign.push(r.url());
    });
    await logIn(page, sys.baseUrl, 'alice', 'alice-password');
    await page.getByRole('button', { name: 'Screenshot' }).click();
    await page.getByRole('menuitem', { name: 'This window' }).click();
    await page.getByText('Saved to Snapshots').waitFor({ timeout: 30_000 });
    const list = await sys.request<{ items: { fileId: string; width: number; height: number }[] }>(
      'GET',
      '/api/snapshots',
      { token },
    );
    expect(list.body.items).toHaveLength(1);
    const png = await fetch(`${sys.baseUrl}/api/files/${list.body.items[0].fileId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const meta = await sharp(Buffer.from(await png.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 1280, height: 800 });
    expect(foreign).toEqual([]);
  }, 60_000);

  it('the Snapshots gallery shows the shot, and Send delivers it to the conversation as a picture', async () => {
    const bob = await sys.tcp('bob');
    const seen = collect<MessageFrame>(bob, 'message');
    try {
      const page = contexts[0].pages()[0];
      await page.getByRole('button', { name: 'Screenshot' }).click();
      await page.getByRole('menuitem', { name: 'Snapshots' }).click();
      const grid = page.getByRole('list', { name: 'Snapshots' });
      await grid.getByRole('listitem').first().waitFor();
      expect(await grid.getByRole('listitem').count()).toBe(1);
      // The thumbnail has come in and decoded, and the menu has gone.
      await eventually(async () => {
        const img = grid.locator('img').first();
        expect(
          await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth),
        ).toBeGreaterThan(0);
        expect(await page.getByRole('menu').count()).toBe(0);
      });
      await screenshot(page, 'snapshots');
      await grid.getByRole('button', { name: /^Send / }).click();
      await eventually(() => expect(seen.find((m) => m.file?.media?.kind === 'image')).toBeDefined(), 20_000);
      const sent = seen.find((m) => m.file?.media?.kind === 'image')!;
      expect(sent.from).toBe('alice');
      expect(sent.file?.media).toMatchObject({ kind: 'image', width: 1280, height: 800 });
    } finally {
      await bob.close();
    }
  }, 60_000);
  it('"Entire screen" puts one frame of the screen the user shares into Snapshots', async () => {
    // Debian's Chromium 156 here: `--use-fake-ui-for-media-stream` grants getDisplayMedia in headless mode
    // with a fake 1280×720 monitor (its test pattern, not this machine's screen).
    const token = await sys.token('alice');
    const page = contexts[0].pages()[0];
    await page.keyboard.press('Escape'); // the gallery of the test before
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Screenshot' }).click();
    await page.getByRole('menuitem', { name: 'Entire screen' }).click();
    type Listed = { items: { name: string; fileId: string }[] };
    let shot: Listed['items'][number] | undefined;
    await eventually(async () => {
      const list = await sys.request<Listed>('GET', '/api/snapshots', { token });
      shot = list.body.items.find((s) => s.name.startsWith('screen-'));
      expect(shot).toBeDefined();
    }, 30_000);
    const png = await fetch(`${sys.baseUrl}/api/files/${shot!.fileId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const image = sharp(Buffer.from(await png.arrayBuffer()));
    // The fake monitor's frame at its own size (1280×720 here), not the window's.
    expect(await image.metadata()).toMatchObject({ format: 'png', width: 1280, height: 720 });
    // A real picture, not a blank frame: its channels vary.
    const { channels } = await image.stats();
    expect(Math.max(...channels.slice(0, 3).map((c) => c.stdev))).toBeGreaterThan(1);
  }, 60_000);

  it('a refused screen share says so and saves nothing', async () => {
    const denying = await launchChromium(['--use-fake-ui-for-media-stream=deny']);
    const own: BrowserContext[] = [];
    try {
      const token = await sys.token('carol');
      const page = await openPage(denying, own);
      await logIn(page, sys.baseUrl, 'carol', 'carol-password');
      await page.getByRole('button', { name: 'Screenshot' }).click();
      await page.getByRole('menuitem', { name: 'Entire screen' }).click();
      await page.getByText('Screen capture was not allowed').waitFor();
      const list = await sys.request<{ items: unknown[] }>('GET', '/api/snapshots', { token });
      expect(list.body.items).toEqual([]);
    } finally {
      await Promise.all(own.map((c) => c.close()));
      await denying.close();
    }
  }, 60_000);
});
