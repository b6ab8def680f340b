import type { Browser, BrowserContext, Page } from 'playwright-core';
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

const BUNDLED = ['Morning Tea', 'Harbour Lights', 'Paper Kites', 'Slow Orbit'];

/** The Music player's one audio element (in the page, outside every component). */
function music(page: Page) {
  return page.locator('audio[data-chat-music]');
}

interface AudioState {
  currentTime: number;
  paused: boolean;
  readyState: number;
  duration: number;
}

function audioState(audio: ReturnType<Page['locator']>): Promise<AudioState> {
  return audio.evaluate((el) => {
    const a = el as unknown as AudioState;
    return { currentTime: a.currentTime, paused: a.paused, readyState: a.readyState, duration: a.duration };
  });
}

async function musicTime(page: Page): Promise<number> {
  return (await audioState(music(page))).currentTime;
}

/** Waits until the music's position has moved past `after` seconds. */
async function advancesPast(page: Page, after: number): Promise<number> {
  let now = after;
  await eventually(async () => {
    now = await musicTime(page);
    expect(now).toBeGreaterThan(after);
  }, 10_000);
  return now;
}

describe.skipIf(!HAVE_CHROMIUM)('web: the Music player', () => {
  let sys: SystemProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: Page;

  beforeAll(async () => {
    sys = await startWebSystem();
    browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
    await sys.token('alice');
    alice = await openPage(browser, contexts);
    await logIn(alice, sys.baseUrl, 'alice', 'alice-password');
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await sys?.dispose();
  });

  it('lists the bundled tracks, plays on, also with the dialog closed, in the toolbar’s mini-player', async () => {
    await alice.getByRole('button', { name: 'Music', exact: true }).click();
    const tracks = alice.getByRole('list', { name: 'Tracks' });
    await tracks.getByRole('listitem').nth(3).waitFor();
    expect(await tracks.getByRole('listitem').allInnerTexts()).toEqual(
      BUNDLED.map((title) => expect.stringContaining(title)),
    );

    await alice.getByRole('button', { name: 'Play', exact: true }).click();
    await alice.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    const first = await advancesPast(alice, 0.5);
    expect(await tracks.locator('li[aria-current=true]').innerText()).toContain('Morning Tea');
    await screenshot(alice, 'music');

    await alice.getByRole('button', { name: 'Close' }).click();
    await alice.getByRole('dialog').waitFor({ state: 'detached' });
    await advancesPast(alice, first);
    const mini = alice.getByRole('group', { name: 'Now playing' });
    expect(await mini.innerText()).toContain('Morning Tea');

    await mini.getByRole('button', { name: 'Pause music' }).click();
    await mini.getByRole('button', { name: 'Play music' }).waitFor();
    expect((await audioState(music(alice))).paused).toBe(true);
  }, 60_000);

  it('Next track and Previous track move through the list, wrapping', async () => {
    await alice.getByRole('button', { name: 'Music', exact: true }).click();
    const current = alice.getByRole('list', { name: 'Tracks' }).locator('li[aria-current=true]');
    await alice.getByRole('button', { name: 'Previous track' }).click();
    await eventually(async () => expect(await current.innerText()).toContain('Slow Orbit'));
    await alice.getByRole('button', { name: 'Next track' }).click();
    await eventually(async () => expect(await current.innerText()).toContain('Morning Tea'));
    await alice.getByRole('button', { name: 'Next track' }).click();
    await eventually(async () => expect(await current.innerText()).toContain('Harbour Lights'));
    await advancesPast(alice, 0.3);
  }, 60_000);

  it('Share posts the track to the conversation: a TCP client gets the file, another browser plays it inline', async () => {
    const carol = await sys.tcp('carol');
    const seen = collect<MessageFrame>(carol, 'message');
    await sys.token('bob');
    const bob = await openPage(browser, contexts);
    await logIn(bob, sys.baseUrl, 'bob', 'bob-password');
    try {
      await alice.getByRole('button', { name: 'Share Paper Kites' }).click();
      await eventually(() => expect(seen.find((m) => m.file)).toBeDefined(), 20_000);
      const sent = seen.find((m) => m.file)!;
      expect(sent).toMatchObject({ from: 'alice', text: '♪ Paper Kites', file: { mime: 'audio/mp4' } });
      const tracks = await sys.request<{ title: string; fileId: string }[]>('GET', '/api/music', {
        token: await sys.token('carol'),
      });
      expect(sent.file?.id).toBe(tracks.body.find((t) => t.title === 'Paper Kites')?.fileId);

      const audio = bob.locator(`chat-message-list audio[aria-label="${sent.file?.name}"]`);
      await audio.waitFor({ timeout: 20_000 });
      await eventually(async () => {
        const state = await audioState(audio);
        expect(state.readyState).toBeGreaterThanOrEqual(1);
        expect(state.duration).toBeGreaterThan(55);
        expect(state.duration).toBeLessThan(60);
      }, 15_000);
    } finally {
      await carol.close();
    }
  }, 90_000);
});
