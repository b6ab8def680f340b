import type { Direction } from '../snake/snake-game';

/** Where the snake is asked to go: the same four the keyboard gives, passed to the game's `turn()`. */
export type SteeringDirection = Direction;

/** A keypoint as hand-pose-detection reports it: x, y in pixels of the video frame as the camera gave it. */
export interface FingerKeypoint {
  x: number;
  y: number;
  name?: string;
}

/** The keypoint hand-pose-detection names for the tip of the index finger. */
export const INDEX_FINGER_TIP = 'index_finger_tip';

export interface SteeringOptions {
  /**
   * Whether the preview is shown mirrored (as every front camera preview is). The keypoints come in
   * the camera's own frame, where the user's right hand is on the left; in the mirror it is on the
   * right, where the user sees it, so mirrored steering turns x around first.
   */
  mirrored: boolean;
  /** Radius of the dead zone around the centre, as a fraction of the picture's shorter side. */
  deadZone: number;
  /**
   * Weight of a new position in the smoothed one (exponential smoothing, 0..1]: 1 follows every
   * frame, lower values let a trembling hand average out. At 30 estimates a second, 0.5 settles
   * within about 5 frames (one sixth of a second).
   */
  smoothing: number;
  /**
   * How much farther one axis must be than the other before the steering leaves the current
   * direction's axis for the other one (1 is no hysteresis): near a diagonal it keeps the direction.
   */
  hysteresis: number;
}

export const DEFAULT_STEERING: SteeringOptions = {
  mirrored: true,
  deadZone: 0.12,
  smoothing: 0.5,
  hysteresis: 1.4,
};

/**
 * Turns the index fingertip's place in the camera picture into a direction for the snake: the
 * direction from the picture's centre to the (smoothed) fingertip, in the picture as the user sees
 * it. Pure: it knows no camera, no model and no DOM, and keeps only the smoothed position and the
 * last direction it gave.
 *
 * - Inside the dead zone around the centre it gives null: no change, the snake keeps going.
 * - The position is smoothed exponentially, so that a hand's tremble does not steer.
 * - Hysteresis: once going along one axis, the other axis must win by `hysteresis` times before
 *   the direction changes to it, so that a fingertip near a diagonal does not flip between two.
 */
export class FingerSteering {
  private readonly options: SteeringOptions;
  private smoothed: { x: number; y: number } | null = null;
  private current: SteeringDirection | null = null;

  constructor(options: Partial<SteeringOptions> = {}) {
    this.options = { ...DEFAULT_STEERING, ...options };
  }

  /** The last direction given (null before any, or once reset). */
  public get direction(): SteeringDirection | null {
    return this.current;
  }

  /**
   * Takes one estimate's fingertip, in pixels of a `width` × `height` frame, and gives the
   * direction to steer, or null to leave the snake as it goes (dead zone, or no frame size yet).
   */
  public update(tip: FingerKeypoint, width: number, height: number): SteeringDirection | null {
    if (!(width > 0 && height > 0) || !Number.isFinite(tip.x) || !Number.isFinite(tip.y)) return null;
    // Relative to the centre, in units of the shorter side, with y up and x as seen in the preview.
    const side = Math.min(width, height);
    const x = ((tip.x - width / 2) / side) * (this.options.mirrored ? -1 : 1);
    const y = (height / 2 - tip.y) / side;
    const a = this.options.smoothing;
    this.smoothed = this.smoothed
      ? { x: this.smoothed.x + a * (x - this.smoothed.x), y: this.smoothed.y + a * (y - this.smoothed.y) }
      : { x, y };
    const { x: sx, y: sy } = this.smoothed;
    if (Math.hypot(sx, sy) < this.options.deadZone) return null;
    this.current = this.pick(sx, sy);
    return this.current;
  }

  /** The hand went away: forget its position, so that the next hand starts afresh. */
  public reset(): void {
    this.smoothed = null;
    this.current = null;
  }

  private pick(x: number, y: number): SteeringDirection {
    const horizontal: SteeringDirection = x > 0 ? 'right' : 'left';
    const vertical: SteeringDirection = y > 0 ? 'up' : 'down';
    const ax = Math.abs(x);
    const ay = Math.abs(y);
    const k = this.options.hysteresis;
    switch (this.current) {
      case 'left':
      case 'right':
        return ay > ax * k ? vertical : horizontal;
      case 'up':
      case 'down':
        return ax > ay * k ? horizontal : vertical;
      default:
        return ax >= ay ? horizontal : vertical;
    }
  }
}

/** The index fingertip among a hand's keypoints, by name (hand-pose-detection's order puts it 9th). */
export function indexFingertip(keypoints: readonly FingerKeypoint[]): FingerKeypoint | undefined {
  return (
    keypoints.find((k) => k.name === INDEX_FINGER_TIP) ?? (keypoints.length === 21 ? keypoints[8] : undefined)
  );
}
