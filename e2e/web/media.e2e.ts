import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
import { collect, eventually } from '../support/events';
import { ffmpeg, hasFfmpeg } from '../support/media-inputs';
import { SystemProcess } from '../support/system-process';

// The page's own globals, used only in functions that run in the browser (this tsconfig has no DOM types).
declare const document: { querySelector(s: string): { currentTime: number; paused: boolean } | null };

const RUN = HAVE_CHROMIUM && hasFfmpeg();
if (!RUN) console.warn('e2e/web/media: skipped: needs Chromium at /usr/bin/chromium and ffmpeg on the PATH');

/**
 * Voice messages and selfies between two real browsers, with Chromium's fake camera and microphone
 * fed from files ffmpeg made (a 440 Hz tone; a moving test pattern), through the real edge and api.
 */
describe.skipIf(!RUN)('web client: voice messages and selfies (protocol.md §10)', () => {
  let dir: string;
  let sys: SystemProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: Page;
  let bob: Page;
  let dave: ChatClient;
  let daveMessages: MessageFrame[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chat-web-media-'));
    const wav = join(dir, 'mic.wav');
    const y4m = join(dir, 'cam.y4m');
    // A tone whose loudness comes and goes like speech, so the waveform has a shape.
    const speechLike = "volume='0.15+0.6*abs(sin(2*PI*0.9*t))*abs(sin(2*PI*3.1*t))':eval=frame";
    ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=220:sample_rate=48000:duration=20',
      '-af',
      speechLike,
      '-ac',
      '1',
      wav,
    );
    ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=10', '-t', '3', '-pix_fmt', 'yuv420p', y4m);
    sys = await startWebSystem();
    await Promise.all([sys.token('alice'), sys.token('bob')]);
    dave = await sys.tcp('dave');
    daveMessages = collect<MessageFrame>(dave, 'message');
    browser = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
      `--use-file-for-fake-video-capture=${y4m}`,
      '--autoplay-policy=no-user-gesture-required',
    ]);
    [alice, bob] = await Promise.all([openPage(browser, contexts), openPage(browser, contexts)]);
    await Promise.all([
      logIn(alice, sys.baseUrl, 'alice', 'alice-password'),
      logIn(bob, sys.baseUrl, 'bob', 'bob-password'),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await dave?.close();
    await sys?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('alice records about 2 s and sends it; a TCP client gets media voice near 2,000 ms; bob plays it', async () => {
    await say(alice, 'Morning! A quick voice note, then a selfie from the venue');
    await alice.getByRole('button', { name: 'Record a voice message' }).click();
    const timer = alice.getByRole('timer');
    await timer.waitFor();
    await alice.getByRole('meter', { name: 'Microphone level' }).waitFor();
    await eventually(async () => expect(await timer.textContent()).toContain('0:02'), 8_000);
    await screenshot(alice, 'voice-recording');
    await alice.getByRole('button', { name: 'Stop and send' }).click();

    await eventually(
      () => expect(daveMessages.find((m) => m.file?.media?.kind === 'voice')).toBeDefined(),
      20_000,
    );
    const voice = daveMessages.find((m) => m.file?.media?.kind === 'voice')!;
    expect(voice.from).toBe('alice');
    expect(voice.file).toMatchObject({ mime: 'audio/mp4' });
    if (voice.file?.media?.kind !== 'voice') throw new Error('not a voice message');
    expect(voice.file.media.durationMs).toBeGreaterThan(1_500);
    expect(voice.file.media.durationMs).toBeLessThan(3_500);

    const play = bob.getByRole('button', { name: 'Play voice message' });
    await play.click();
    await bob.getByRole('button', { name: 'Pause voice message' }).waitFor();
    await eventually(async () => {
      const time = await bob.evaluate(
        () => document.querySelector('chat-voice-player audio')?.currentTime ?? 0,
      );
      expect(time).toBeGreaterThan(0.3);
    }, 10_000);
    await screenshot(bob, 'voice-message');
  });

  it('alice takes a selfie with Q and sends it; bob sees the picture at its size', async () => {
    await alice.getByRole('button', { name: 'Take a selfie' }).click();
    const dialog = alice.getByRole('dialog');
    const camera = dialog.getByLabel('Camera');
    await eventually(async () => {
      expect(await camera.evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth)).toBe(640);
      expect(await dialog.getByRole('button', { name: 'Capture' }).isEnabled()).toBe(true);
    });
    await screenshot(alice, 'selfie-camera');
    await alice.keyboard.press('q');
    await dialog.getByRole('img', { name: 'The picture you took' }).waitFor();
    await dialog.getByRole('button', { name: 'Send picture' }).click();
    await dialog.waitFor({ state: 'detached' });

    await eventually(
      () => expect(daveMessages.find((m) => m.file?.media?.kind === 'image')).toBeDefined(),
      20_000,
    );
    const selfie = daveMessages.find((m) => m.file?.media?.kind === 'image')!;
    expect(selfie.file?.media).toMatchObject({ kind: 'image', width: 640, height: 480 });
    const picture = messages(bob).getByRole('button', { name: /^Open picture selfie/ });
    await picture.waitFor();
    await eventually(async () => {
      const img = picture.locator('img');
      expect(
        await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth),
      ).toBeGreaterThan(0);
    });
    await say(bob, 'Loud and clear, nice picture 👍');
    await messages(alice).getByText('Loud and clear').waitFor();
    await screenshot(bob, 'voice-and-selfie');
  });
});
