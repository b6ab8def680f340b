import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  HAVE_CHROMIUM,
  launchChromium,
  logIn,
  openPage,
  screenshot,
  startWebSystem,
} from '../support/browser';
import { eventually } from '../support/events';
import { SystemProcess } from '../support/system-process';

/** What the MediaPipe runtime must fetch to run, all from the app's own /assets/mediapipe/hands/. */
const MODEL_FILES = [
  'hands_solution_packed_assets_loader.js',
  'hands_solution_packed_assets.data',
  'hands_solution_simd_wasm_bin.js',
  'hands_solution_simd_wasm_bin.wasm',
  'hands.binarypb',
  'hand_landmark_lite.tflite',
];

/** The first estimate loads the wasm and the model: 18 to 27 s in SwiftShader (no GPU here). */
const FIRST_FRAME_MS = 90_000;

/** Records every request the page makes; `foreign()` lists those that left the app's origin. */
function recordRequests(page: Page, origin: string) {
  const urls: string[] = [];
  page.on('request', (r) => void urls.push(r.url()));
  return {
    paths: () => urls.filter((u) => u.startsWith(origin)).map((u) => new URL(u).pathname),
    foreign: () =>
      urls.filter((u) => {
        const url = new URL(u);
        return !['data:', 'blob:'].includes(url.protocol) && url.origin !== origin;
      }),
  };
}

/**
 * Keeps each stream getUserMedia gives, so that the test can tell whether its tracks were stopped
 * (plain script text: it runs in the page, and this project's types know no DOM).
 */
async function watchStreams(page: Page): Promise<void> {
  await page.addInitScript({
    content: `
      window.handSnakeStreams = [];
      const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await original(constraints);
        window.handSnakeStreams.push(stream);
        return stream;
      };
    `,
  });
}

const liveTracks = (page: Page): Promise<number> =>
  page.evaluate(
    "window.handSnakeStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length",
  );

async function openHandSnake(page: Page) {
  await page.getByRole('button', { name: 'Games' }).click();
  await page.getByRole('menuitem', { name: 'Hand snake' }).click();
  const dialog = page.getByRole('dialog', { name: 'Hand snake' });
  await dialog.waitFor();
  return dialog;
}

describe.skipIf(!HAVE_CHROMIUM)('web: Hand snake', () => {
  let sys: SystemProcess;
  let browser: Browser;
  let denying: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sys = await startWebSystem();
    [browser, denying] = await Promise.all([
      launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']),
      launchChromium(['--use-fake-ui-for-media-stream=deny', '--use-fake-device-for-media-stream']),
    ]);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await Promise.all([browser?.close(), denying?.close()]);
    await sys?.dispose();
  });

  it('runs the model from the app’s own assets on the fake camera, asks for a hand, steers by keys, and Close stops the camera', async () => {
    const page = await openPage(browser, contexts);
    const requests = recordRequests(page, sys.baseUrl);
    await watchStreams(page);
    await sys.token('alice'); // registers alice
    await logIn(page, sys.baseUrl, 'alice', 'alice-password');
    const before = requests.paths().length;

    const opened = Date.now();
    const dialog = await openHandSnake(page);
    const tracker = dialog.getByRole('status');
    await expect(tracker.textContent()).resolves.toBe('Loading hand model…');
    // The fake camera shows a test pattern, no hand: the model ran on a frame and found none.
    await tracker.filter({ hasText: 'Show your hand to the camera' }).waitFor({ timeout: FIRST_FRAME_MS });
    const firstFrameMs = Date.now() - opened;
    expect(await dialog.getByRole('alert').count()).toBe(0);

    const loaded = requests.paths().slice(before);
    for (const file of MODEL_FILES) expect(loaded).toContain(`/assets/mediapipe/hands/${file}`);
    expect(loaded.some((p) => p.includes('hand_landmark_full'))).toBe(false);

    // The model keeps running on later frames; how fast, for the README.
    const stage = dialog.locator('.stage');
    await eventually(
      async () => expect(Number(await stage.getAttribute('data-estimates'))).toBeGreaterThan(5),
      60_000,
    );
    const estimateMs = Number(await stage.getAttribute('data-estimate-ms'));
    console.log(`hand snake: first estimate after ${firstFrameMs} ms; a later one took ${estimateMs} ms`);

    // The keyboard steers as well: Enter starts, S turns down.
    const board = dialog.locator('chat-snake-board canvas');
    await page.keyboard.press('Enter');
    await dialog.getByText('Score 0').waitFor();
    await page.keyboard.press('s');
    await eventually(async () => expect(await board.getAttribute('data-direction')).toBe('down'));
    expect(await liveTracks(page)).toBe(1);
    // Each estimate runs on the page's thread (and SwiftShader's GL): a frame to shoot may wait for one.
    page.setDefaultTimeout(30_000);
    await screenshot(page, 'hand-snake');

    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(async () => expect(await liveTracks(page)).toBe(0));
    expect(requests.foreign()).toEqual([]);
  }, 180_000);

  it('says so when the camera is denied, and the keyboard still plays', async () => {
    const page = await openPage(denying, contexts);
    const requests = recordRequests(page, sys.baseUrl);
    await sys.token('bob');
    await logIn(page, sys.baseUrl, 'bob', 'bob-password');
    const dialog = await openHandSnake(page);
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'Camera access was denied: allow the camera to play Hand snake' })
      .waitFor({ timeout: 30_000 });
    expect(await dialog.getByRole('status').textContent()).not.toContain('Loading');
    await page.keyboard.press('Enter');
    await dialog.getByText('Score 0').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(requests.foreign()).toEqual([]);
  }, 60_000);
});
