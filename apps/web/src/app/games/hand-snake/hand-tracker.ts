import { DOCUMENT } from '@angular/common';
import { inject, Injectable, InjectionToken, signal } from '@angular/core';

import { MEDIA_BROWSER, stopStream } from '../../chat/media/media-devices';
import { FingerKeypoint, FingerSteering, indexFingertip, SteeringDirection } from './finger-steering';
import { DetectedHand, HandModel, HandModelError, loadHandModel } from './hand-detector';

export const LOADING = 'Loading hand model…';
export const SHOW_HAND = 'Show your hand to the camera';
export const HAND_DETECTED = 'Hand detected';
export const STOPPED = 'Keyboard only: steer with WASD or the arrow keys';

export const CAMERA_LOST = 'The camera stopped: close Hand snake and open it again';

export type HandStatus = typeof LOADING | typeof SHOW_HAND | typeof HAND_DETECTED | typeof STOPPED;

/** The front camera, small: the model works on a 256×256 crop, more pixels only cost time. */
export const HAND_CAMERA: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } },
};

/** Estimates a second at most: the camera's rate, and more than the snake's 7 to 18 steps. */
export const MAX_ESTIMATES_PER_SECOND = 30;

/**
 * After an estimate slower than 1/30 s (no GPU, a busy machine), the tracker rests for half as long
 * again, up to this, and for a rendered frame: the model's work runs on the page's own thread, and
 * the page, the snake included, must keep at least a third of it.
 */
export const MAX_REST_MS = 250;

/** Estimates in a row without a hand before it counts as gone, so that one missed frame does not flicker. */
export const LOST_AFTER = 3;

/** Loads the hand model; the app's loads MediaPipe Hands lazily, specs give a model of their own. */
export const HAND_MODEL_LOADER = new InjectionToken<() => Promise<HandModel>>('HAND_MODEL_LOADER', {
  providedIn: 'root',
  factory: () => {
    const doc = inject(DOCUMENT);
    return () => loadHandModel(doc);
  },
});

/** The tracker's clock: the browser's, or a spec's that moves only when told. */
export interface TrackerClock {
  now(): number;
  /** Resolves after `ms` (in a task of its own, even for 0, so the page gets its turn between estimates). */
  wait(ms: number): Promise<void>;
  /** Resolves once the page has rendered a frame. */
  frame(): Promise<void>;
}

export const TRACKER_CLOCK = new InjectionToken<TrackerClock>('TRACKER_CLOCK', {
  providedIn: 'root',
  factory: () => ({
    now: () => performance.now(),
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    frame: () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))),
  }),
});

/** Where the frames come from: a video element (a spec's stand-in has just these). */
export type TrackedVideo = Pick<HTMLVideoElement, 'readyState' | 'videoWidth' | 'videoHeight' | 'srcObject'>;

/**
 * The camera and the hand model, run together: the front camera into a video element, the model
 * on its frames one estimate at a time (never two at once: a frame that comes while one runs is
 * skipped), at most 30 a second and with a rest after a slow one, the index fingertip through FingerSteering into a direction.
 * Everything it knows is in signals; `stop()` ends the camera's tracks and disposes the model.
 * Provided by the Hand snake dialog, so that each opening gets its own and its end with the dialog.
 */
@Injectable()
export class HandTracker {
  private readonly media = inject(MEDIA_BROWSER);
  private readonly loadModel = inject(HAND_MODEL_LOADER);
  private readonly clock = inject(TRACKER_CLOCK);
  private readonly steering = new FingerSteering();

  public readonly status = signal<HandStatus>(LOADING);
  /** The hand's 21 keypoints in the camera's own (unmirrored) frame, or null while none is seen. */
  public readonly keypoints = signal<readonly FingerKeypoint[] | null>(null);
  /** The last direction the fingertip gave (null in the dead zone or without a hand). */
  public readonly direction = signal<SteeringDirection | null>(null);
  /** Why the hand cannot steer, in words for the player; the keyboard still does. */
  public readonly error = signal<string | null>(null);
  /** The camera frame's size in pixels, once it is known. */
  public readonly frameSize = signal<{ width: number; height: number } | null>(null);
  /** How long the last estimate took, in milliseconds. */
  public readonly estimateMs = signal<number | null>(null);
  /** Estimates run so far. */
  public readonly estimates = signal(0);

  /** Called with each direction the fingertip gives (the game turns on it, even when it repeats). */
  public onSteer: (direction: SteeringDirection) => void = () => undefined;

  private stream: MediaStream | null = null;
  private stopped = false;
  private started = false;
  private misses = 0;

  /** Opens the camera into `video`, loads the model and runs it until `stop()`. Never rejects. */
  public async start(video: TrackedVideo): Promise<void> {
    if (this.started || this.stopped) return;
    this.started = true;
    const model = this.loadModel().then(
      (m) => m,
      (err: unknown) => err as Error,
    );
    try {
      const stream = await this.media.getUserMedia(HAND_CAMERA);
      if (this.stopped) {
        stopStream(stream); // closed while the browser asked
      } else {
        this.stream = stream;
        // Unplugged, or taken by another application: the frames stop, and the hand with them.
        for (const track of stream.getTracks()) {
          track.addEventListener('ended', () => this.fail(CAMERA_LOST));
        }
        video.srcObject = stream;
      }
    } catch (err) {
      this.fail(cameraErrorText(err));
    }
    const loaded = await model;
    if (loaded instanceof Error) {
      if (!this.stopped) this.fail(modelErrorText(loaded));
      return;
    }
    if (this.stopped) {
      loaded.dispose();
      return;
    }
    await this.run(video, loaded);
  }

  /** Ends the camera and the loop; the model is disposed as soon as no estimate runs on it. */
  public stop(): void {
    this.stopped = true;
    stopStream(this.stream);
    this.stream = null;
    this.keypoints.set(null);
  }

  private async run(video: TrackedVideo, model: HandModel): Promise<void> {
    const interval = 1000 / MAX_ESTIMATES_PER_SECOND;
    try {
      while (!this.stopped) {
        const begun = this.clock.now();
        if (video.readyState >= 2 && video.videoWidth > 0 && video.videoHeight > 0) {
          const hands = await model.estimateHands(video as HTMLVideoElement);
          if (this.stopped) break;
          this.estimateMs.set(this.clock.now() - begun);
          this.estimates.update((n) => n + 1);
          this.seen(hands, video.videoWidth, video.videoHeight);
        }
        const spent = this.clock.now() - begun;
        if (spent <= interval) {
          await this.clock.wait(interval - spent);
        } else {
          await this.clock.wait(Math.min(spent / 2, MAX_REST_MS));
          await this.clock.frame();
        }
      }
    } catch (err) {
      if (!this.stopped) this.fail(modelErrorText(err));
    } finally {
      model.dispose();
    }
  }

  private seen(hands: readonly DetectedHand[], width: number, height: number): void {
    const size = this.frameSize();
    if (size?.width !== width || size?.height !== height) this.frameSize.set({ width, height });
    const hand = hands.find((h) => h.keypoints.length > 0);
    const tip = hand && indexFingertip(hand.keypoints);
    if (!hand || !tip) {
      this.misses++;
      if (this.status() === LOADING || this.misses === LOST_AFTER) {
        this.steering.reset();
        this.keypoints.set(null);
        this.direction.set(null);
        this.status.set(SHOW_HAND);
      }
      return;
    }
    this.misses = 0;
    this.keypoints.set(hand.keypoints);
    this.status.set(HAND_DETECTED);
    const direction = this.steering.update(tip, width, height);
    this.direction.set(direction);
    if (direction) this.onSteer(direction);
  }

  private fail(text: string): void {
    if (this.error() || this.stopped) return; // the first failure is the one to tell
    this.error.set(text);
    this.status.set(STOPPED);
    this.stop();
  }
}

/** What went wrong with the camera, by the DOMException's name, for the Hand snake. */
export function cameraErrorText(err: unknown): string {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was denied: allow the camera to play Hand snake';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found: connect one to play Hand snake';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started: another application may be using it';
    case 'InsecureContextError': // by its name: a minified build renames the class
      return 'The browser offers the camera only to secure pages: open the chat over HTTPS (or on localhost)';
    default:
      return 'The camera could not be started';
  }
}

export function modelErrorText(err: unknown): string {
  if (err instanceof HandModelError) return err.message;
  const detail = err instanceof Error && err.message ? `: ${err.message}` : '';
  return `The hand model could not run${detail}`;
}
