import { TestBed } from '@angular/core/testing';

import { FakeMediaBrowser, FakeStream } from '../../../testing/fake-media';
import { MEDIA_BROWSER } from '../../chat/media/media-devices';
import { FingerKeypoint, INDEX_FINGER_TIP } from './finger-steering';
import { DetectedHand, HandModel, HandModelError } from './hand-detector';
import {
  CAMERA_LOST,
  HAND_DETECTED,
  HAND_MODEL_LOADER,
  HandTracker,
  LOADING,
  LOST_AFTER,
  MAX_ESTIMATES_PER_SECOND,
  MAX_REST_MS,
  SHOW_HAND,
  STOPPED,
  TrackedVideo,
  TRACKER_CLOCK,
  TrackerClock,
} from './hand-tracker';

// No model runs in a unit spec: FakeModel stands in for MediaPipe Hands (the e2e test runs the
// real one in Chromium). It answers each estimate with what the spec fed it, and holds the
// estimate until fed, so that each spec decides what the tracker sees and when.

/** A clock that moves only by the model's work and the tracker's waits; a wait is still a real task. */
class FakeClock implements TrackerClock {
  public time = 0;
  public readonly waits: number[] = [];
  public now(): number {
    return this.time;
  }
  public wait(ms: number): Promise<void> {
    this.waits.push(ms);
    this.time += ms;
    return new Promise((resolve) => setTimeout(resolve));
  }
  public frames = 0;
  public frame(): Promise<void> {
    this.frames++;
    return new Promise((resolve) => setTimeout(resolve));
  }
}

class FakeModel implements HandModel {
  public calls = 0;
  public inFlight = 0;
  public maxInFlight = 0;
  public disposed = false;
  /** Milliseconds of the clock one estimate takes. */
  public cost = 5;
  private readonly queue: (DetectedHand[] | Error)[] = [];
  private held: ((answer: DetectedHand[] | Error) => void) | null = null;

  constructor(private readonly clock: FakeClock) {}

  public get waiting(): boolean {
    return this.held !== null;
  }

  public async estimateHands(): Promise<DetectedHand[]> {
    this.calls++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.clock.time += this.cost;
    const answer = this.queue.shift() ?? (await new Promise<DetectedHand[] | Error>((r) => (this.held = r)));
    this.inFlight--;
    if (answer instanceof Error) throw answer;
    return answer;
  }

  /** The answers to the next estimates, in order. */
  public feed(...answers: (DetectedHand[] | Error)[]): void {
    this.queue.push(...answers);
    const held = this.held;
    if (held && this.queue.length > 0) {
      this.held = null;
      held(this.queue.shift()!);
    }
  }

  public dispose(): void {
    this.disposed = true;
  }
}

/** A hand whose index fingertip is at (x, y) of a 640×480 frame; the other 20 points at the centre. */
function hand(x: number, y: number): DetectedHand {
  const keypoints: FingerKeypoint[] = Array.from({ length: 21 }, () => ({ x: 320, y: 240 }));
  keypoints[8] = { x, y, name: INDEX_FINGER_TIP };
  return { keypoints, score: 0.9 };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve));
  expect(condition()).toBe(true);
}

describe(HandTracker.name, () => {
  let sut: HandTracker;
  let media: FakeMediaBrowser;
  let clock: FakeClock;
  let model: FakeModel;
  let load: () => Promise<HandModel>;
  let video: TrackedVideo;

  beforeEach(() => {
    media = new FakeMediaBrowser();
    clock = new FakeClock();
    model = new FakeModel(clock);
    load = () => Promise.resolve(model);
    video = { readyState: 4, videoWidth: 640, videoHeight: 480, srcObject: null };
    TestBed.configureTestingModule({
      providers: [
        HandTracker,
        { provide: MEDIA_BROWSER, useValue: media },
        { provide: HAND_MODEL_LOADER, useValue: () => load() },
        { provide: TRACKER_CLOCK, useValue: clock },
      ],
    });
    sut = TestBed.inject(HandTracker);
  });

  afterEach(() => sut.stop());

  it('says Loading until the first estimate, then asks for a hand, sees it, and asks again once it is gone', async () => {
    expect(sut.status()).toBe(LOADING);
    void sut.start(video);
    await until(() => model.waiting);
    expect(sut.status()).toBe(LOADING);
    expect((video.srcObject as unknown as FakeStream).constraints.video).toMatchObject({
      facingMode: 'user',
    });

    model.feed([]);
    await until(() => model.calls === 2 && model.waiting);
    expect(sut.status()).toBe(SHOW_HAND);
    expect(sut.keypoints()).toBeNull();

    model.feed([hand(320, 240)]);
    await until(() => model.calls === 3 && model.waiting);
    expect(sut.status()).toBe(HAND_DETECTED);
    expect(sut.keypoints()).toHaveLength(21);
    expect(sut.frameSize()).toEqual({ width: 640, height: 480 });

    // One missed frame is not a hand gone: the status holds for LOST_AFTER - 1 misses.
    model.feed(...Array.from({ length: LOST_AFTER - 1 }, () => []));
    await until(() => model.calls === 2 + LOST_AFTER && model.waiting);
    expect(sut.status()).toBe(HAND_DETECTED);
    model.feed([]);
    await until(() => model.calls === 3 + LOST_AFTER && model.waiting);
    expect(sut.status()).toBe(SHOW_HAND);
    expect(sut.keypoints()).toBeNull();
  });

  it('steers by the fingertip as seen in the mirror, and not from the dead zone', async () => {
    const steered: string[] = [];
    sut.onSteer = (d) => steered.push(d);
    void sut.start(video);
    // x = 40 is at the left of the camera's own frame; in the mirrored preview the user sees it on the right.
    model.feed([hand(320, 240)], [hand(40, 240)], [hand(40, 240)]);
    await until(() => model.calls === 4 && model.waiting);
    expect(steered).toEqual(['right', 'right']);
    expect(sut.direction()).toBe('right');

    model.feed([hand(320, 20)], [hand(320, 20)], [hand(320, 20)]);
    await until(() => model.calls === 7 && model.waiting);
    expect(steered.at(-1)).toBe('up');
  });

  it('runs at most 30 estimates a second, one at a time, waiting out the rest of each 1/30 s', async () => {
    void sut.start(video);
    model.cost = 5;
    model.feed(...Array.from({ length: 10 }, () => []));
    await until(() => model.calls === 11 && model.waiting);
    const interval = 1000 / MAX_ESTIMATES_PER_SECOND;
    expect(clock.waits).toHaveLength(10);
    for (const ms of clock.waits) expect(ms).toBeCloseTo(interval - 5, 6);
    expect(clock.frames).toBe(0);
    // 10 estimates took 10 intervals of the clock: 30 a second, not more.
    expect(clock.time).toBeCloseTo(10 * interval + 5, 6);
    expect(model.maxInFlight).toBe(1);
  });

  it('never overlaps a slow estimate, and rests half as long after one, and for a rendered frame', async () => {
    void sut.start(video);
    model.cost = 200; // slower than 1/30 s, as in a GPU-less browser
    await until(() => model.waiting);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve));
    expect(model.calls).toBe(1);
    model.feed([], [], []);
    await until(() => model.calls === 4 && model.waiting);
    expect(model.maxInFlight).toBe(1);
    expect(clock.waits).toEqual([100, 100, 100]);
    expect(clock.frames).toBe(3);

    model.cost = 2_000; // the rest is capped: the hand must still steer now and then
    model.feed([], []);
    await until(() => model.calls === 6 && model.waiting);
    expect(clock.waits.at(-1)).toBe(MAX_REST_MS);
  });

  it('does not estimate before the camera gives frames', async () => {
    video = { readyState: 0, videoWidth: 0, videoHeight: 0, srcObject: null };
    void sut.start(video);
    await until(() => clock.waits.length >= 3);
    expect(model.calls).toBe(0);
    expect(sut.status()).toBe(LOADING);
  });

  it('stops the camera and disposes the model once the estimate in flight is done', async () => {
    void sut.start(video);
    await until(() => model.waiting);
    const stream = video.srcObject as unknown as FakeStream;
    expect(stream.live).toBe(true);
    sut.stop();
    expect(stream.live).toBe(false);
    expect(model.disposed).toBe(false); // an estimate still runs on it
    model.feed([hand(600, 240)]);
    await until(() => model.disposed);
    expect(model.calls).toBe(1);
    expect(sut.keypoints()).toBeNull();
  });

  it.each([
    ['NotAllowedError', 'Camera access was denied: allow the camera to play Hand snake'],
    ['SecurityError', 'Camera access was denied: allow the camera to play Hand snake'],
    ['NotFoundError', 'No camera was found: connect one to play Hand snake'],
    ['OverconstrainedError', 'No camera was found: connect one to play Hand snake'],
    ['NotReadableError', 'The camera could not be started: another application may be using it'],
    [
      'InsecureContextError',
      'The browser offers the camera only to secure pages: open the chat over HTTPS (or on localhost)',
    ],
    ['TypeError', 'The camera could not be started'],
  ])('a camera that fails with %s says "%s", and the model is disposed unused', async (name, text) => {
    media.refuse = name;
    await sut.start(video);
    expect(sut.error()).toBe(text);
    expect(sut.status()).toBe(STOPPED);
    expect(model.disposed).toBe(true);
    expect(model.calls).toBe(0);
  });

  it('a camera that goes away ends the tracking and says so', async () => {
    void sut.start(video);
    await until(() => model.waiting);
    media.streams[0].tracks[0].lose();
    expect(sut.error()).toBe(CAMERA_LOST);
    expect(sut.status()).toBe(STOPPED);
    model.feed([hand(40, 240)]);
    await until(() => model.disposed);
    expect(sut.keypoints()).toBeNull();
  });

  it('a model that cannot load says why, and the camera stops', async () => {
    load = () => Promise.reject(new HandModelError('Your browser has no WebGL: the hand model cannot run'));
    await sut.start(video);
    expect(sut.error()).toBe('Your browser has no WebGL: the hand model cannot run');
    expect(sut.status()).toBe(STOPPED);
    expect(media.streams[0].live).toBe(false);
  });

  it('a failing estimate ends the tracking with the model’s message', async () => {
    void sut.start(video);
    model.feed(new Error('WebGL context lost'));
    await until(() => model.disposed);
    expect(sut.error()).toBe('The hand model could not run: WebGL context lost');
    expect(media.streams[0].live).toBe(false);
  });
});
