import { InjectionToken } from '@angular/core';

import { InsecureContextError } from '../chat/media/media-devices';

/**
 * The browser's WebRTC and capture APIs a call uses, behind one token: unit specs (jsdom has no
 * WebRTC) provide fakes (src/testing/fake-rtc.ts); the app gets the browser's own.
 */
export interface CallBrowser {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  getDisplayMedia(constraints: DisplayMediaStreamOptions): Promise<MediaStream>;
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
  peerConnection(config: RTCConfiguration): RTCPeerConnection;
  /** A stream of the tracks a peer sent without one. */
  stream(tracks: MediaStreamTrack[]): MediaStream;
  /** Null when the browser has no Web Audio: the call rings silently. */
  audioContext(): AudioContext | null;
}

const devices = (): MediaDevices | undefined => navigator.mediaDevices;

const browserCalls: CallBrowser = {
  getUserMedia: (constraints) =>
    devices()?.getUserMedia
      ? devices()!.getUserMedia(constraints)
      : Promise.reject(new InsecureContextError()),
  getDisplayMedia: (constraints) =>
    devices()?.getDisplayMedia
      ? devices()!.getDisplayMedia(constraints)
      : Promise.reject(new InsecureContextError()),
  enumerateDevices: async () => (devices()?.enumerateDevices ? devices()!.enumerateDevices() : []),
  peerConnection: (config) => new RTCPeerConnection(config),
  stream: (tracks) => new MediaStream(tracks),
  audioContext: () => (typeof AudioContext === 'undefined' ? null : new AudioContext()),
};

export const CALL_BROWSER = new InjectionToken<CallBrowser>('CALL_BROWSER', {
  providedIn: 'root',
  factory: () => browserCalls,
});
