import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { FakePlayback } from '../../../testing/fake-playback';
import { track } from '../../../testing/music-track';
import { SessionService } from '../../core/session.service';
import { FileTransferService } from '../file-transfer.service';
import { MusicPlayer, VOLUME_KEY } from './music-player.service';

describe(MusicPlayer.name, () => {
  let playback: FakePlayback;
  let files: { objectUrl: ReturnType<typeof vi.fn> };
  let sut: MusicPlayer;
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.removeItem(VOLUME_KEY);
    playback = new FakePlayback().install();
    files = { objectUrl: vi.fn(async (id: string) => `blob:${id}`) };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: FileTransferService, useValue: files },
      ],
    });
    sut = TestBed.inject(MusicPlayer);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    playback.restore();
    sut.audio.remove();
    localStorage.removeItem(VOLUME_KEY);
  });

  async function loaded(count = 3): Promise<void> {
    const load = sut.load();
    http.expectOne('/api/music').flush(Array.from({ length: count }, (_, i) => track(i + 1)));
    await load;
  }

  it('keeps one audio element in the page, outside every component', () => {
    expect(document.querySelectorAll('audio[data-chat-music]')).toHaveLength(1);
    expect(sut.audio.isConnected).toBe(true);
  });

  it('lists the tracks from /api/music; a failure is told in error', async () => {
    await loaded(3);
    expect(sut.tracks().map((t) => t.title)).toEqual(['Track 1', 'Track 2', 'Track 3']);
    const again = sut.load();
    http
      .expectOne('/api/music')
      .flush({ code: 'INTERNAL', message: 'boom' }, { status: 500, statusText: 'x' });
    await again;
    expect(sut.error()).toContain('The music could not be loaded');
  });

  it('Play with none chosen plays the first track from its blob: URL (fetched with the token)', async () => {
    await loaded();
    await sut.play();
    expect(files.objectUrl).toHaveBeenCalledWith('f_1');
    expect(sut.audio.getAttribute('src')).toBe('blob:f_1');
    expect(sut.current()?.id).toBe('t_1');
    expect(sut.playing()).toBe(true);
    expect(sut.duration()).toBe(61);
    sut.pause();
    expect(sut.playing()).toBe(false);
    expect(playback.isPlaying(sut.audio)).toBe(false);
  });

  it('next and previous wrap around the list', async () => {
    await loaded(3);
    await sut.previous();
    expect(sut.current()?.id).toBe('t_3');
    await sut.next();
    expect(sut.current()?.id).toBe('t_1');
    await sut.next();
    await sut.next();
    expect(sut.current()?.id).toBe('t_3');
    await sut.next();
    expect(sut.current()?.id).toBe('t_1');
    expect(sut.audio.getAttribute('src')).toBe('blob:f_1');
  });

  it('at a track’s end plays the next one, and after the last the first', async () => {
    await loaded(2);
    await sut.play(sut.tracks()[1]);
    playback.finish(sut.audio, 62);
    await vi.waitFor(() => expect(sut.current()?.id).toBe('t_1'));
    await vi.waitFor(() => expect(sut.playing()).toBe(true));
  });

  it('follows the position and seeks within the track', async () => {
    await loaded();
    await sut.play();
    playback.advance(sut.audio, 12.5);
    expect(sut.currentTime()).toBe(12.5);
    sut.seek(30);
    expect(sut.audio.currentTime).toBe(30);
    sut.seek(500);
    expect(sut.currentTime()).toBe(61);
    sut.seek(-3);
    expect(sut.currentTime()).toBe(0);
  });

  it('a track that cannot be fetched is told in error and not played', async () => {
    await loaded();
    files.objectUrl.mockRejectedValueOnce(new Error('gone'));
    await sut.play();
    expect(sut.error()).toContain('The track could not be loaded');
    expect(sut.playing()).toBe(false);
  });

  it('a track chosen while another loads wins', async () => {
    await loaded();
    let release!: (url: string) => void;
    files.objectUrl.mockImplementationOnce(() => new Promise<string>((r) => (release = r)));
    const slow = sut.play(sut.tracks()[0]);
    await sut.play(sut.tracks()[1]);
    release('blob:f_1');
    await slow;
    expect(sut.current()?.id).toBe('t_2');
    expect(sut.audio.getAttribute('src')).toBe('blob:f_2');
  });

  it('sets the volume on the element and keeps it in localStorage for the next visit', () => {
    sut.setVolume(0.25);
    expect(sut.audio.volume).toBe(0.25);
    expect(localStorage.getItem(VOLUME_KEY)).toBe('0.25');
    sut.setVolume(7);
    expect(sut.volume()).toBe(1);

    sut.setVolume(0.4);
    sut.audio.remove();
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: FileTransferService, useValue: files },
      ],
    });
    sut = TestBed.inject(MusicPlayer);
    expect(sut.volume()).toBe(0.4);
    expect(sut.audio.volume).toBe(0.4);
  });

  it('logging out stops the music and forgets the track', async () => {
    sut.audio.remove();
    sessionStorage.setItem('chat.session', JSON.stringify({ token: 't', username: 'alice', role: 'user' }));
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: FileTransferService, useValue: files },
      ],
    });
    sut = TestBed.inject(MusicPlayer);
    http = TestBed.inject(HttpTestingController);
    try {
      await loaded();
      await sut.play();
      TestBed.tick();
      expect(sut.playing()).toBe(true);
      TestBed.inject(SessionService).logout();
      TestBed.tick();
      expect(sut.playing()).toBe(false);
      expect(sut.current()).toBeNull();
      expect(sut.audio.getAttribute('src')).toBeNull();
    } finally {
      sessionStorage.removeItem('chat.session');
    }
  });
});
