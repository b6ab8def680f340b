import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { MatSliderHarness } from '@angular/material/slider/testing';

import { FakePlayback } from '../../../testing/fake-playback';
import { settle } from '../../../testing/logged-in-chat';
import { track } from '../../../testing/music-track';
import { FileTransferService } from '../file-transfer.service';
import { MusicDialogComponent } from './music-dialog.component';
import { MusicPlayer, VOLUME_KEY } from './music-player.service';

describe(MusicDialogComponent.name, () => {
  let playback: FakePlayback;
  let share: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    localStorage.removeItem(VOLUME_KEY);
    playback = new FakePlayback().install();
    share = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: FileTransferService, useValue: { objectUrl: async (id: string) => `blob:${id}` } },
        { provide: MAT_DIALOG_DATA, useValue: { share } },
      ],
    });
  });

  afterEach(() => {
    playback.restore();
    TestBed.inject(MusicPlayer).audio.remove();
    localStorage.removeItem(VOLUME_KEY);
  });

  async function dialog() {
    const fixture = TestBed.createComponent(MusicDialogComponent);
    fixture.detectChanges();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/music')
      .flush([track(1), track(2)]);
    await settle();
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const button = (label: string) =>
      loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="${label}"]` }));
    return { fixture, el, loader, button, player: TestBed.inject(MusicPlayer) };
  }

  it('lists the tracks; Play and Pause toggle; the current track is highlighted', async () => {
    const { el, button, player, fixture } = await dialog();
    const items = el.querySelectorAll('ul[aria-label=Tracks] li');
    expect([...items].map((li) => li.textContent)).toEqual([
      expect.stringContaining('Track 1'),
      expect.stringContaining('Track 2'),
    ]);
    await (await button('Play')).click();
    await vi.waitFor(() => expect(player.playing()).toBe(true));
    await fixture.whenStable();
    expect(el.querySelector('li[aria-current=true]')?.textContent).toContain('Track 1');
    await (await button('Pause')).click();
    expect(player.playing()).toBe(false);
    expect(await (await button('Play')).getText()).toBe('play_arrow');
  });

  it('Next track and Previous track, and a click on a track plays it', async () => {
    const { el, button, player, fixture } = await dialog();
    await (await button('Next track')).click();
    await vi.waitFor(() => expect(player.current()?.id).toBe('t_1'));
    await (await button('Next track')).click();
    await vi.waitFor(() => expect(player.current()?.id).toBe('t_2'));
    await (await button('Previous track')).click();
    await vi.waitFor(() => expect(player.current()?.id).toBe('t_1'));
    (el.querySelectorAll('button.track')[1] as HTMLButtonElement).click();
    await vi.waitFor(() => expect(player.current()?.id).toBe('t_2'));
    await fixture.whenStable();
    expect(el.querySelector('.now-title')?.textContent).toContain('Track 2');
  });

  it('Seek shows elapsed and total time and moves the player; Volume sets it', async () => {
    const { el, loader, player, fixture, button } = await dialog();
    await (await button('Play')).click();
    await vi.waitFor(() => expect(player.playing()).toBe(true));
    playback.advance(player.audio, 5);
    await fixture.whenStable();
    expect([...el.querySelectorAll('.time')].map((t) => t.textContent?.trim())).toEqual(['0:05', '1:01']);
    const [seek, volume] = await loader.getAllHarnesses(MatSliderHarness);
    await (await seek.getEndThumb()).setValue(40);
    expect(player.audio.currentTime).toBe(40);
    await (await volume.getEndThumb()).setValue(30);
    expect(player.volume()).toBe(0.3);
    expect(localStorage.getItem(VOLUME_KEY)).toBe('0.3');
  });

  it('Share hands the track to the chat, per track and for the current one', async () => {
    const { button, player, fixture } = await dialog();
    await (await button('Share Track 2')).click();
    expect(share).toHaveBeenCalledWith(expect.objectContaining({ id: 't_2' }));
    await player.play(player.tracks()[0]);
    await fixture.whenStable();
    const loader = TestbedHarnessEnvironment.loader(fixture);
    await (await loader.getHarness(MatButtonHarness.with({ text: /^share\s*Share$/ }))).click();
    expect(share).toHaveBeenLastCalledWith(expect.objectContaining({ id: 't_1' }));
  });
});
