import { InjectionToken } from '@angular/core';

/**
 * The browser's capture and audio APIs, behind one token: unit specs (jsdom has none of them)
 * provide fakes (src/testing/fake-media.ts); the app gets the browser's own.
 */
export interface MediaBrowser {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  /** Null when the browser has no MediaRecorder. */
  recorder(stream: MediaStream, options: MediaRecorderOptions): MediaRecorder | null;
  recorderSupports(mimeType: string): boolean;
  /** Null when the browser has no Web Audio: recording works, without a level meter. */
  audioContext(): AudioContext | null;
}

/** Thrown by getUserMedia where the browser offers no capture at all (an http: page not on localhost). */
export class InsecureContextError extends Error {
  public override readonly name = 'InsecureContextError';
}

const browserMedia: MediaBrowser = {
  getUserMedia: (constraints) =>
    // Browsers leave navigator.mediaDevices out entirely on a page that is not a secure context.
    navigator.mediaDevices?.getUserMedia
      ? navigator.mediaDevices.getUserMedia(constraints)
      : Promise.reject(new InsecureContextError()),
  recorder: (stream, options) =>
    typeof MediaRecorder === 'undefined' ? null : new MediaRecorder(stream, options),
  recorderSupports: (mimeType) =>
    typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(mimeType),
  audioContext: () => (typeof AudioContext === 'undefined' ? null : new AudioContext()),
};

export const MEDIA_BROWSER = new InjectionToken<MediaBrowser>('MEDIA_BROWSER', {
  providedIn: 'root',
  factory: () => browserMedia,
});

/**
 * Opus in WebM (Chromium, Firefox), else AAC in MP4 (Safari), else whatever the browser records by
 * default: the server transcodes every one of them, so this only picks the best the browser has.
 */
export const RECORDING_TYPES = ['audio/webm;codecs=opus', 'audio/mp4'] as const;

export function pickRecordingType(supports: (mimeType: string) => boolean): string | undefined {
  return RECORDING_TYPES.find((t) => supports(t));
}

/** The file extension for a recording's container, so the upload carries a truthful name. */
export function recordingExtension(mimeType: string): string {
  const base = mimeType.split(';')[0].trim().toLowerCase();
  return { 'audio/webm': 'webm', 'audio/mp4': 'm4a', 'audio/ogg': 'ogg', 'audio/wav': 'wav' }[base] ?? 'webm';
}

/** Ends every track, so that the browser's recording indicator goes off. */
export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

export type Device = 'microphone' | 'camera';

/** What went wrong with getUserMedia, by the DOMException's name, in words the user can act on. */
export function deviceErrorText(err: unknown, device: Device): string {
  const Device = device === 'microphone' ? 'Microphone' : 'Camera';
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `${Device} access was denied. Allow the ${device} for this site in the browser's settings, then try again.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${device} was found. Connect one, then try again.`;
    case 'NotReadableError':
    case 'AbortError':
      return `The ${device} could not be started: another application may be using it.`;
    case 'InsecureContextError':
      return `The browser offers the ${device} only to secure pages: open the chat over HTTPS (or on localhost).`;
    default:
      return `The ${device} could not be started.`;
  }
}
