import { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  HAVE_CHROMIUM,
  launchChromium,
  logIn,
  messages,
  openPage,
  screenshot,
  startWebSystem,
} from '../support/browser';
import { eventually } from '../support/events';
import { SystemProcess } from '../support/system-process';

// The page's own globals, used only in functions that run in the browser (this tsconfig has no DOM types).
interface PageVideo {
  videoWidth: number;
  currentTime: number;
  srcObject: { getAudioTracks(): { enabled: boolean }[] } | null;
}

const CALL_FLAGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

if (!HAVE_CHROMIUM) console.warn('e2e/web/calls: skipped: needs Chromium at /usr/bin/chromium');

/**
 * Video calls between two real browsers (Chromium's fake camera and microphone), signalled through
 * the real edge, the media peer to peer over loopback (no STUN or TURN: ICE_SERVERS is empty).
 */
describe.skipIf(!HAVE_CHROMIUM)('web client: video calls (protocol.md §11)', () => {
  let sys: SystemProcess;
  const browsers: Browser[] = [];
  const contexts: BrowserContext[] = [];
  let alice: Page;
  let bob: Page;
  let carol: Page;

  const callView = (page: Page) => page.getByRole('dialog', { name: 'Call' });
  const remoteVideo = (page: Page, of: string) => callView(page).getByLabel(`Video of ${of}`);
  const bytesReceived = async (page: Page, of: string): Promise<number> =>
    Number(
      await callView(page)
        .locator('figure.tile')
        .filter({ has: page.getByLabel(`Video of ${of}`) })
        .getAttribute('data-bytes-received'),
    );

  beforeAll(async () => {
    sys = await startWebSystem();
    await Promise.all([sys.token('alice'), sys.token('bob'), sys.token('carol')]);
    // A browser each: each has its own fake devices, as people's machines would.
    browsers.push(...(await Promise.all([0, 1, 2].map(() => launchChromium(CALL_FLAGS)))));
    [alice, bob, carol] = await Promise.all(browsers.map((b) => openPage(b, contexts)));
    await Promise.all([
      logIn(alice, sys.baseUrl, 'alice', 'alice-password'),
      logIn(bob, sys.baseUrl, 'bob', 'bob-password'),
      logIn(carol, sys.baseUrl, 'carol', 'carol-password'),
    ]);
    await alice.getByRole('button', { name: 'Chat with bob' }).click();
    await bob.getByRole('button', { name: 'Chat with alice' }).click();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await Promise.all(browsers.map((b) => b.close()));
    await sys?.dispose();
  });

  it('offers calls only in private and group conversations', async () => {
    await alice.getByRole('button', { name: 'Video call' }).waitFor();
    await alice.getByRole('button', { name: 'Voice call' }).waitFor();
    await alice.getByRole('link', { name: /^Everyone/ }).click();
    await alice.getByRole('button', { name: 'Video call' }).waitFor({ state: 'detached' });
    await alice.getByRole('link', { name: /^bob/ }).click();
    await alice.getByRole('button', { name: 'Video call' }).waitFor();
  });

  it('alice video-calls bob; bob accepts; media flows both ways; mute, screen share, devices; hang up ends both', async () => {
    await alice.getByRole('button', { name: 'Video call' }).click();
    await callView(alice).getByText('Calling…').waitFor();

    const incoming = bob.getByRole('dialog', { name: 'Incoming call from alice' });
    await incoming.getByText('alice').waitFor();
    await incoming.getByText('Incoming video call').waitFor();
    await incoming.getByRole('button', { name: 'Accept' }).click();
    await incoming.waitFor({ state: 'detached' });

    for (const [page, other] of [
      [alice, 'bob'],
      [bob, 'alice'],
    ] as const) {
      const video = remoteVideo(page, other);
      await eventually(async () => {
        expect(await video.evaluate((v) => (v as unknown as PageVideo).videoWidth)).toBeGreaterThan(0);
      }, 20_000);
      const t0 = await video.evaluate((v) => (v as unknown as PageVideo).currentTime);
      await eventually(async () => {
        expect(await video.evaluate((v) => (v as unknown as PageVideo).currentTime)).toBeGreaterThan(
          t0 + 0.5,
        );
      }, 10_000);
      // getStats, every 2 s: the bytes received keep growing, and the quality sign shows.
      const b0 = await bytesReceived(page, other);
      await eventually(async () => expect(await bytesReceived(page, other)).toBeGreaterThan(b0), 10_000);
      const quality = callView(page).locator('.quality[data-quality]');
      await quality.waitFor();
      expect(await quality.getAttribute('data-quality')).toMatch(/^(Good|Fair|Poor)$/);
      expect(await quality.getAttribute('aria-label')).toMatch(
        /^Connection (Good|Fair|Poor): Round trip \d+ ms, packet loss [\d.]+ %$/,
      );
      await callView(page)
        .getByRole('timer')
        .filter({ hasText: /^0:\d\d$/ })
        .waitFor();
    }

    const preview = callView(alice).getByLabel('Your video');
    const micEnabled = (): Promise<boolean | undefined> =>
      preview.evaluate((v) => (v as unknown as PageVideo).srcObject?.getAudioTracks()[0]?.enabled);
    expect(await micEnabled()).toBe(true);
    await callView(alice).getByRole('button', { name: 'Mute microphone' }).click();
    await callView(alice).getByRole('button', { name: 'Unmute microphone' }).waitFor();
    expect(await micEnabled()).toBe(false);
    await callView(alice).getByRole('button', { name: 'Unmute microphone' }).click();
    await callView(alice).getByRole('button', { name: 'Mute microphone' }).waitFor();
    expect(await micEnabled()).toBe(true);

    // Share screen swaps the sent picture in place (replaceTrack); Stop sharing goes back to the camera.
    const previewVideo = (): Promise<string | undefined> =>
      preview.evaluate(
        (v) =>
          (
            v as unknown as { srcObject: { getVideoTracks(): { label: string }[] } | null }
          ).srcObject?.getVideoTracks()[0]?.label,
      );
    const camera = await previewVideo();
    await callView(alice).getByRole('button', { name: 'Share screen' }).click();
    await callView(alice).getByRole('button', { name: 'Stop sharing' }).waitFor();
    await callView(alice).getByText('You (screen)').waitFor();
    expect(await previewVideo()).not.toBe(camera);
    const bobSees = remoteVideo(bob, 'alice');
    const t1 = await bobSees.evaluate((v) => (v as unknown as PageVideo).currentTime);
    await eventually(async () => {
      expect(await bobSees.evaluate((v) => (v as unknown as PageVideo).currentTime)).toBeGreaterThan(
        t1 + 0.5,
      );
    }, 10_000);
    await callView(alice).getByRole('button', { name: 'Stop sharing' }).click();
    await callView(alice).getByRole('button', { name: 'Share screen' }).waitFor();
    expect(await previewVideo()).toBe(camera);

    // The device picker lists the browser's camera and microphone, the ones in use checked.
    await callView(alice).getByRole('button', { name: 'Devices' }).click();
    const checked = alice.getByRole('menuitemradio', { checked: true });
    await eventually(async () => expect(await checked.count()).toBe(2));
    await alice.keyboard.press('Escape');

    await callView(alice).getByRole('button', { name: 'Hang up' }).click();
    await callView(alice).waitFor({ state: 'detached' });
    await callView(bob).waitFor({ state: 'detached' });
    await bob.locator('mat-snack-bar-container').getByText('Call ended').waitFor();

    for (const page of [alice, bob]) {
      await messages(page)
        .getByText(/^Video call, 0:\d\d$/)
        .waitFor();
    }
    // The conversation list previews the call's message in the same words.
    await bob
      .getByRole('link', { name: /^alice/ })
      .getByText(/^Video call, 0:\d\d$/)
      .waitFor();
    await alice.getByRole('button', { name: 'Video call' }).waitFor();
    expect(await alice.getByRole('button', { name: 'Video call' }).isEnabled()).toBe(true);
  }, 90_000);

  it('a declined call shows as declined for both', async () => {
    await alice.getByRole('button', { name: 'Video call' }).click();
    await callView(alice).getByText('Calling…').waitFor();
    const incoming = bob.getByRole('dialog', { name: 'Incoming call from alice' });
    await incoming.getByRole('button', { name: 'Decline' }).click();
    await incoming.waitFor({ state: 'detached' });
    await callView(alice).waitFor({ state: 'detached' });
    await alice.locator('mat-snack-bar-container').getByText('bob declined the call').waitFor();
    for (const page of [alice, bob]) {
      await messages(page).getByText('Declined video call').waitFor();
    }
  }, 30_000);

  it('a voice call: avatars instead of video, sound flows, no camera buttons', async () => {
    await alice.getByRole('button', { name: 'Voice call' }).click();
    const incoming = bob.getByRole('dialog', { name: 'Incoming call from alice' });
    await incoming.getByText('Incoming voice call').waitFor();
    await incoming.getByRole('button', { name: 'Accept' }).click();
    const sound = callView(bob).getByLabel('Sound of alice');
    await eventually(async () => {
      const tracks = await sound.evaluate(
        (a) =>
          (a as unknown as { srcObject: { getTracks(): { kind: string }[] } | null }).srcObject
            ?.getTracks()
            .map((t) => t.kind) ?? [],
      );
      expect(tracks).toEqual(['audio']);
    }, 20_000);
    const tile = callView(bob).locator('figure.tile');
    const bytes = async (): Promise<number> => Number(await tile.getAttribute('data-bytes-received'));
    await eventually(async () => expect(await bytes()).toBeGreaterThan(0), 10_000);
    const b0 = await bytes();
    await eventually(async () => expect(await bytes()).toBeGreaterThan(b0), 10_000);
    expect(await callView(bob).locator('video').count()).toBe(0);
    expect(await callView(bob).getByRole('button', { name: 'Turn camera off' }).count()).toBe(0);
    await callView(bob).getByRole('button', { name: 'Mute microphone' }).waitFor();

    await callView(bob).getByRole('button', { name: 'Hang up' }).click();
    await callView(alice).waitFor({ state: 'detached' });
    for (const page of [alice, bob]) {
      await messages(page)
        .getByText(/^Voice call, 0:\d\d$/)
        .waitFor();
    }
  }, 60_000);

  it('a group call: alice calls bob and carol, both accept, everyone sees the two others (a mesh)', async () => {
    await alice.getByLabel('Select bob for a group message').check();
    await alice.getByLabel('Select carol for a group message').check();
    await alice.getByRole('button', { name: 'Message 2 selected' }).click();
    await alice.getByRole('button', { name: 'Video call' }).click();
    for (const page of [bob, carol]) {
      const incoming = page.getByRole('dialog', { name: 'Incoming call from alice' });
      await incoming.getByText('Incoming video call').waitFor();
      await incoming.getByRole('button', { name: 'Accept' }).click();
      // The first to accept joins alice; the second offers to both already in the call.
      await incoming.waitFor({ state: 'detached' });
    }
    const everyone = { alice: ['bob', 'carol'], bob: ['alice', 'carol'], carol: ['alice', 'bob'] };
    const pages = { alice, bob, carol };
    for (const [me, others] of Object.entries(everyone)) {
      const page = pages[me as keyof typeof pages];
      for (const other of others) {
        const video = remoteVideo(page, other);
        await eventually(async () => {
          expect(await video.evaluate((v) => (v as unknown as PageVideo).videoWidth)).toBeGreaterThan(0);
        }, 20_000);
        const t0 = await video.evaluate((v) => (v as unknown as PageVideo).currentTime);
        await eventually(async () => {
          expect(await video.evaluate((v) => (v as unknown as PageVideo).currentTime)).toBeGreaterThan(
            t0 + 0.3,
          );
        }, 10_000);
      }
    }
    await callView(alice).locator('.quality[data-quality]').nth(1).waitFor();
    // The figures behind the quality signs, for the record (loopback: a few ms).
    console.info(
      'e2e/web/calls: alice sees',
      await callView(alice)
        .locator('.quality[data-quality]')
        .evaluateAll((els) => els.map((el) => (el as unknown as { ariaLabel: string }).ariaLabel)),
    );
    await screenshot(alice, 'video-call');

    // carol leaves: the call goes on between alice and bob.
    await callView(carol).getByRole('button', { name: 'Hang up' }).click();
    await callView(carol).waitFor({ state: 'detached' });
    await remoteVideo(alice, 'carol').waitFor({ state: 'detached' });
    await remoteVideo(bob, 'carol').waitFor({ state: 'detached' });
    await remoteVideo(alice, 'bob').waitFor();

    await callView(bob).getByRole('button', { name: 'Hang up' }).click();
    await callView(alice).waitFor({ state: 'detached' });
    await alice.locator('mat-snack-bar-container').getByText('Call ended').waitFor();
    await messages(alice)
      .getByText(/^Video call, 0:\d\d$/)
      .waitFor();
  }, 90_000);
});
