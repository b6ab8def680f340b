import type { FingerKeypoint } from './finger-steering';

/** One hand found in a frame: its 21 keypoints, in pixels of the frame as the camera gave it. */
export interface DetectedHand {
  keypoints: FingerKeypoint[];
  score?: number;
}

/**
 * What the tracker needs of a hand model: hand-pose-detection's `HandDetector`, cut down to the two
 * calls it makes, so that specs can hand the tracker a model of their own (no model runs in `ng test`).
 */
export interface HandModel {
  estimateHands(frame: HTMLVideoElement): Promise<DetectedHand[]>;
  dispose(): void;
}

/** A reason the hand model cannot run here, worded for the player. */
export class HandModelError extends Error {
  public override readonly name = 'HandModelError';
}

/** Where angular.json copies the MediaPipe Hands runtime and model: the app's own origin, never a CDN. */
export const MEDIAPIPE_HANDS_PATH = 'assets/mediapipe/hands';

/**
 * Loads the MediaPipe Hands model through hand-pose-detection, in the browser (WebAssembly and a
 * WebGL context). The library and its runtime are imported here and only here, dynamically, so
 * that they land in a lazy chunk that is fetched when the Hand snake opens, not with the app.
 */
export async function loadHandModel(doc: Document): Promise<HandModel> {
  assertCanRun(doc);
  const { createDetector, SupportedModels } = await import('@tensorflow-models/hand-pose-detection');
  const detector = await createDetector(SupportedModels.MediaPipeHands, {
    runtime: 'mediapipe',
    solutionPath: new URL(MEDIAPIPE_HANDS_PATH, doc.baseURI).href,
    modelType: 'lite',
    maxHands: 1,
  });
  return {
    // flipHorizontal stays off: FingerSteering turns x around itself, and the overlay is mirrored by CSS.
    estimateHands: (frame) => detector.estimateHands(frame, { flipHorizontal: false }),
    dispose: () => detector.dispose(),
  };
}

/** Throws a HandModelError naming what this browser lacks for the model to run. */
export function assertCanRun(doc: Document): void {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new HandModelError('Your browser has no WebAssembly: the hand model cannot run');
  }
  const canvas = doc.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) throw new HandModelError('Your browser has no WebGL: the hand model cannot run');
  // The probe's context would count against the browser's limit of live contexts until collected.
  gl.getExtension('WEBGL_lose_context')?.loseContext();
}
