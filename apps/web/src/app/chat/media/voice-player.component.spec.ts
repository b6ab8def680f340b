import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';

import { FileInfo } from '@chat/protocol';

import { FakePlayback } from '../../../testing/fake-playback';
import { settle } from '../../../testing/logged-in-chat';
import { FileTransferService } from '../file-transfer.service';
import { barHeights, VoicePlayerComponent } from './voice-player.component';

const voiceFile = (id = 'v1'): FileInfo => ({
  id,
  name: 'voice.ogg',
  size: 5000,
  sha256: 'ab'.repeat(32),
  mime: 'audio/ogg',
  media: { kind: 'voice', durationMs: 7000, waveform: Array.from({ length: 64 }, (_, i) => i * 4) },
});

describe(VoicePlayerComponent.name, () => {
  let playback: FakePlayback;
  let files: { objectUrl: ReturnType<typeof vi.fn> };

  beforeEach(() => {
    playback = new FakePlayback().install();
    files = { objectUrl: vi.fn(async (id: string) => `blob:${id}`) };
    TestBed.configureTestingModule({ providers: [{ provide: FileTransferService, useValue: files }] });
  });

  afterEach(() => playback.restore());

  async function player(file = voiceFile()) {
    const fixture: ComponentFixture<VoicePlayerComponent> = TestBed.createComponent(VoicePlayerComponent);
    fixture.componentRef.setInput('file', file);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const button = (label: string) =>
      loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="${label}"]` }));
    const stable = async (): Promise<void> => {
      await settle();
      await fixture.whenStable();
    };
    return {
      fixture,
      audio: el.querySelector('audio') as HTMLAudioElement,
      slider: el.querySelector('[role=slider]') as SVGElement,
      time: () => el.querySelector('.time')?.textContent?.trim(),
      played: () => el.querySelectorAll('rect.played').length,
      button,
      toggleName: async () =>
        (await (await loader.getHarness(MatButtonHarness.with({ selector: '.toggle' }))).host()).getAttribute(
          'aria-label',
        ),
      play: async () => {
        await (await button('Play voice message')).click();
        await stable();
      },
      stable,
    };
  }

  it('shows the length and the 64-bar waveform from the message, before fetching a byte', async () => {
    const p = await player();
    expect(p.time()).toBe('0:07');
    expect(p.fixture.nativeElement.querySelectorAll('rect')).toHaveLength(64);
    expect(p.played()).toBe(0);
    expect(p.slider.getAttribute('aria-valuetext')).toBe('0:00 of 0:07');
    expect(await p.toggleName()).toBe('Play voice message');
    expect(files.objectUrl).not.toHaveBeenCalled();
    expect(p.audio.getAttribute('src')).toBeNull();
  });

  it('fetches the audio on the first play only, and the one button plays and pauses', async () => {
    const p = await player();
    await p.play();
    expect(files.objectUrl).toHaveBeenCalledWith('v1');
    expect(p.audio.getAttribute('src')).toBe('blob:v1');
    expect(playback.isPlaying(p.audio)).toBe(true);
    expect(await p.toggleName()).toBe('Pause voice message');

    await (await p.button('Pause voice message')).click();
    expect(playback.isPlaying(p.audio)).toBe(false);
    expect(await p.toggleName()).toBe('Play voice message');

    await p.play();
    expect(playback.isPlaying(p.audio)).toBe(true);
    expect(files.objectUrl).toHaveBeenCalledTimes(1);
  });

  it('lights the part played and shows the time played while it plays', async () => {
    const p = await player();
    await p.play();
    playback.advance(p.audio, 3.5);
    await p.stable();
    expect(p.played()).toBe(32);
    expect(p.time()).toBe('0:03');
    expect(p.slider.getAttribute('aria-valuenow')).toBe('3');
  });

  it('goes back to the start at the end, showing the length again', async () => {
    const p = await player();
    await p.play();
    playback.finish(p.audio, 7);
    await p.stable();
    expect(await p.toggleName()).toBe('Play voice message');
    expect(p.time()).toBe('0:07');
    expect(p.played()).toBe(0);
    expect(p.audio.currentTime).toBe(0);
  });

  it('seeks where the waveform is clicked, even before it is fetched, and plays from there', async () => {
    const p = await player();
    p.slider.getBoundingClientRect = () => ({ left: 100, width: 200 }) as DOMRect;
    p.slider.dispatchEvent(new MouseEvent('click', { clientX: 150, bubbles: true }));
    await p.stable();
    expect(p.time()).toBe('0:01');
    expect(p.slider.getAttribute('aria-valuetext')).toBe('0:01 of 0:07');
    expect(p.played()).toBe(16);

    await p.play();
    expect(p.audio.currentTime).toBe(1.75);
    p.slider.dispatchEvent(new MouseEvent('click', { clientX: 250, bubbles: true }));
    expect(p.audio.currentTime).toBe(5.25);
  });

  it('seeks with the arrow keys (a twentieth, at least a second), Home and End', async () => {
    const p = await player();
    const press = async (key: string): Promise<string | null> => {
      p.slider.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      await p.stable();
      return p.slider.getAttribute('aria-valuetext');
    };
    expect(await press('ArrowRight')).toBe('0:01 of 0:07');
    expect(await press('ArrowUp')).toBe('0:02 of 0:07');
    expect(await press('ArrowLeft')).toBe('0:01 of 0:07');
    expect(await press('End')).toBe('0:07 of 0:07');
    expect(await press('Home')).toBe('0:00 of 0:07');
    expect(await press('ArrowDown')).toBe('0:00 of 0:07');
  });

  it('cycles the speed 1×, 1.5×, 2×, names it, and plays at it', async () => {
    const p = await player();
    await (await p.button('Playback speed 1×')).click();
    await p.play();
    expect(p.audio.playbackRate).toBe(1.5);
    expect(p.audio.defaultPlaybackRate).toBe(1.5); // a load resets the rate to this one
    await (await p.button('Playback speed 1.5×')).click();
    expect(p.audio.playbackRate).toBe(2);
    await (await p.button('Playback speed 2×')).click();
    expect(await (await p.button('Playback speed 1×')).getText()).toBe('1×');
    expect(p.audio.playbackRate).toBe(1);
  });

  it('plays one voice message at a time', async () => {
    const first = await player(voiceFile('v1'));
    const second = await player(voiceFile('v2'));
    await first.play();
    await second.play();
    expect(playback.isPlaying(first.audio)).toBe(false);
    expect(playback.isPlaying(second.audio)).toBe(true);
    expect(await first.toggleName()).toBe('Play voice message');
    expect(await second.toggleName()).toBe('Pause voice message');
  });

  it('says so when the audio cannot be fetched', async () => {
    files.objectUrl.mockRejectedValueOnce(new Error('404'));
    const p = await player();
    await p.play();
    expect(p.fixture.nativeElement.querySelector('[role=alert]')?.textContent).toContain(
      'This voice message could not be played.',
    );
    expect(await p.toggleName()).toBe('Play voice message');
  });

  it('stops playing when it leaves the page', async () => {
    const p = await player();
    await p.play();
    p.fixture.destroy();
    expect(playback.isPlaying(p.audio)).toBe(false);
  });

  it.each<[string, unknown, number[]]>([
    ['silence and full scale', [0, 255], [2, 30]],
    ['values out of range or not numbers', [-5, 300, 'x', null], [2, 30, 2, 2]],
  ])('draws bars 2 to 30 high: %s', (_case, waveform, heights) => {
    expect(barHeights(waveform)).toEqual(heights);
  });

  it('draws 64 flat bars for a message without a waveform', () => {
    expect(barHeights(undefined)).toEqual(new Array(64).fill(2));
  });
});
