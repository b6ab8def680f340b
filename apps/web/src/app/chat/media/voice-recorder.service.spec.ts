import { TestBed } from '@angular/core/testing';

import { FakeMediaBrowser } from '../../../testing/fake-media';
import { MEDIA_BROWSER } from './media-devices';
import { LIMIT_MARGIN_MS, VoiceRecorder } from './voice-recorder.service';

describe(VoiceRecorder.name, () => {
  let sut: VoiceRecorder;
  let media: FakeMediaBrowser;

  beforeEach(() => {
    media = new FakeMediaBrowser();
    TestBed.configureTestingModule({
      providers: [VoiceRecorder, { provide: MEDIA_BROWSER, useValue: media }],
    });
    sut = TestBed.inject(VoiceRecorder);
  });

  afterEach(() => vi.useRealTimers());

  /** Lets getUserMedia's promise and the recorder's start run. */
  const started = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it('records Opus in WebM when the browser can, and hands it over on stop with every track ended', async () => {
    const recording = sut.record();
    expect(sut.state()).toBe('starting');
    await started();
    expect(sut.state()).toBe('recording');
    expect(media.streams[0].constraints).toMatchObject({ audio: { echoCancellation: true } });
    expect(media.lastRecorder().options.mimeType).toBe('audio/webm;codecs=opus');

    sut.stop();
    const file = await recording;
    expect(file?.name).toMatch(/^voice-\d{8}-\d{6}\.webm$/);
    expect(file?.type).toBe('audio/webm;codecs=opus');
    expect(file?.size).toBe(1200);
    expect(sut.state()).toBe('idle');
    expect(media.anyLive).toBe(false);
    expect(media.contexts[0].closed).toBe(true);
  });

  it.each<[string, string[], string | undefined, RegExp]>([
    ['AAC in MP4 (Safari)', ['audio/mp4'], 'audio/mp4', /\.m4a$/],
    ["the browser's default", [], undefined, /\.webm$/],
  ])('falls back to %s', async (_case, supported, mimeType, name) => {
    media.supported.clear();
    supported.forEach((t) => media.supported.add(t));
    const recording = sut.record();
    await started();
    expect(media.lastRecorder().options.mimeType).toBe(mimeType);
    sut.stop();
    expect((await recording)?.name).toMatch(name);
  });

  it('throws the recording away on cancel, and lets the microphone go', async () => {
    const recording = sut.record();
    await started();
    sut.cancel();
    expect(await recording).toBeNull();
    expect(sut.state()).toBe('idle');
    expect(sut.error()).toBeNull();
    expect(media.anyLive).toBe(false);
  });

  it('stops by itself just before the limit and hands the recording over', async () => {
    vi.useFakeTimers();
    const recording = sut.record(5);
    await started();
    expect(sut.limitSec()).toBe(5);
    await vi.advanceTimersByTimeAsync(3000);
    expect(sut.elapsedMs()).toBe(3000);
    expect(sut.state()).toBe('recording');

    await vi.advanceTimersByTimeAsync(2000 - LIMIT_MARGIN_MS);
    await vi.runAllTimersAsync();
    expect((await recording)?.size).toBe(1200);
    expect(media.anyLive).toBe(false);
  });

  it.each([
    ['NotAllowedError', /^Microphone access was denied\. Allow the microphone for this site/],
    ['SecurityError', /^Microphone access was denied/],
    ['NotFoundError', /^No microphone was found\./],
    ['NotReadableError', /another application may be using it/],
  ])('says what went wrong when getUserMedia fails with %s', async (name, text) => {
    media.refuse = name;
    expect(await sut.record()).toBeNull();
    expect(sut.error()).toMatch(text);
    expect(sut.state()).toBe('idle');
  });

  it('lets go of a microphone granted after the user cancelled at the prompt', async () => {
    media.holdPrompt = true;
    const recording = sut.record();
    sut.cancel();
    expect(sut.state()).toBe('idle');
    media.grant();
    expect(await recording).toBeNull();
    expect(media.streams).toHaveLength(1);
    expect(media.anyLive).toBe(false);
    expect(media.recorders).toEqual([]);
  });

  it('says so when the microphone goes away mid-recording, and sends nothing', async () => {
    const recording = sut.record();
    await started();
    media.lastRecorder().lose();
    expect(await recording).toBeNull();
    expect(sut.error()).toBe('The microphone stopped; the recording was discarded.');
    expect(media.anyLive).toBe(false);
  });

  it('sends nothing when nothing was recorded', async () => {
    const recording = sut.record();
    await started();
    media.lastRecorder().bytes = 0;
    sut.stop();
    expect(await recording).toBeNull();
    expect(sut.error()).toBe('Nothing was recorded.');
  });

  it('reads the level from the analyser: silence is 0, a loud voice is most of the scale', async () => {
    expect(sut.level()).toBe(0);
    const recording = sut.record();
    await started();
    const analyser = media.contexts[0].analyser;
    expect(sut.level()).toBe(0);
    analyser.amplitude = 0.5;
    expect(sut.level()).toBeGreaterThan(0.8);
    analyser.amplitude = 0.01;
    expect(sut.level()).toBeLessThan(0.3);
    sut.cancel();
    await recording;
  });

  it('ends the recording when its owner is destroyed', async () => {
    const recording = sut.record();
    await started();
    TestBed.resetTestingModule();
    expect(await recording).toBeNull();
    expect(media.anyLive).toBe(false);
  });
});
