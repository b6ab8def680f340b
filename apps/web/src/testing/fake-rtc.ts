import { CallBrowser } from '../app/calls/call-browser';

// Fakes of WebRTC and capture, which jsdom does not have: mocks by necessity (no peer connection
// or camera runs in a unit spec). Real media between two Chromiums is the browser e2e's part
// (e2e/web/calls.e2e.ts).

export class FakeRtcTrack extends EventTarget {
  public enabled = true;
  public readyState: MediaStreamTrackState = 'live';
  constructor(
    public readonly kind: 'audio' | 'video',
    public readonly deviceId = `${kind}-default`,
  ) {
    super();
  }

  public getSettings(): MediaTrackSettings {
    return { deviceId: this.deviceId };
  }

  public stop(): void {
    this.readyState = 'ended';
  }

  /** The browser's own "Stop sharing" (or an unplugged device) ends the track. */
  public end(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

export class FakeRtcStream {
  constructor(public readonly tracks: FakeRtcTrack[] = []) {}

  public getTracks(): FakeRtcTrack[] {
    return [...this.tracks];
  }
  public getAudioTracks(): FakeRtcTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  public getVideoTracks(): FakeRtcTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  public addTrack(track: FakeRtcTrack): void {
    this.tracks.push(track);
  }
  public removeTrack(track: FakeRtcTrack): void {
    const i = this.tracks.indexOf(track);
    if (i >= 0) this.tracks.splice(i, 1);
  }
}

interface FakeDescription {
  type: RTCSdpType;
  sdp: string;
  toJSON(): RTCSessionDescriptionInit;
}

const description = (type: RTCSdpType, sdp: string): FakeDescription => ({
  type,
  sdp,
  toJSON: () => ({ type, sdp }),
});

export class FakeSender {
  constructor(public track: FakeRtcTrack | null) {}
  public async replaceTrack(track: FakeRtcTrack | null): Promise<void> {
    this.track = track;
  }
}

/** An RTCPeerConnection that negotiates with itself: offers and answers are labels, no media flows. */
export class FakePeerConnection {
  public signalingState: RTCSignalingState = 'stable';
  public connectionState: RTCPeerConnectionState = 'new';
  public iceConnectionState: RTCIceConnectionState = 'new';
  public localDescription: FakeDescription | null = null;
  public remoteDescription: RTCSessionDescriptionInit | null = null;
  public readonly senders: FakeSender[] = [];
  public readonly transceivers: {
    kind: string;
    direction: string;
    sender: FakeSender;
    receiver: { track: null };
  }[] = [];
  public readonly candidates: RTCIceCandidateInit[] = [];
  public restarts = 0;
  public closed = false;
  public stats: Record<string, unknown>[] = [];
  public onnegotiationneeded: (() => void) | null = null;
  public onicecandidate: ((e: { candidate: { toJSON(): RTCIceCandidateInit } | null }) => void) | null = null;
  public ontrack: ((e: { track: FakeRtcTrack; streams: FakeRtcStream[] }) => void) | null = null;
  public onconnectionstatechange: (() => void) | null = null;
  public oniceconnectionstatechange: (() => void) | null = null;
  private offers = 0;
  private negotiationPending = false;

  constructor(public readonly config: RTCConfiguration) {}

  public addTrack(track: FakeRtcTrack): FakeSender {
    const sender = new FakeSender(track);
    this.senders.push(sender);
    this.transceivers.push({ kind: track.kind, direction: 'sendrecv', sender, receiver: { track: null } });
    if (this.signalingState === 'stable') this.negotiationNeeded();
    return sender;
  }

  public addTransceiver(kind: string, init: { direction: string }): void {
    const sender = new FakeSender(null);
    this.transceivers.push({ kind, direction: init.direction, sender, receiver: { track: null } });
    if (this.signalingState === 'stable') this.negotiationNeeded();
  }

  public getSenders(): FakeSender[] {
    return this.senders;
  }

  public getTransceivers(): FakePeerConnection['transceivers'] {
    return this.transceivers;
  }

  public async setLocalDescription(): Promise<void> {
    if (this.signalingState === 'have-remote-offer') {
      this.localDescription = description('answer', `answer to ${this.remoteDescription?.sdp}`);
      this.signalingState = 'stable';
    } else {
      this.offers++;
      this.localDescription = description('offer', `offer ${this.offers}`);
      this.signalingState = 'have-local-offer';
    }
  }

  public async setRemoteDescription(desc: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = desc;
    this.signalingState = desc.type === 'offer' ? 'have-remote-offer' : 'stable';
  }

  public async addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (!this.remoteDescription) throw new DOMException('no remote description', 'InvalidStateError');
    this.candidates.push(candidate);
  }

  public restartIce(): void {
    this.restarts++;
    this.negotiationNeeded();
  }

  public async getStats(): Promise<Map<string, Record<string, unknown>>> {
    return new Map(this.stats.map((s) => [String(s['id']), s]));
  }

  public close(): void {
    this.closed = true;
    this.signalingState = 'closed';
  }

  /** The browser found a local ICE candidate. */
  public gather(candidate: RTCIceCandidateInit): void {
    this.onicecandidate?.({ candidate: { toJSON: () => candidate } });
  }

  /** The other side's media arrived. */
  public remoteTrack(kind: 'audio' | 'video'): FakeRtcStream {
    const track = new FakeRtcTrack(kind);
    const stream = new FakeRtcStream([track]);
    this.ontrack?.({ track, streams: [stream] });
    return stream;
  }

  public setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }

  public setIceState(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.oniceconnectionstatechange?.();
  }

  /** As browsers do: one event for the changes made together, and only once stable. */
  private negotiationNeeded(): void {
    if (this.negotiationPending) return;
    this.negotiationPending = true;
    queueMicrotask(() => {
      this.negotiationPending = false;
      if (this.signalingState === 'stable') this.onnegotiationneeded?.();
    });
  }
}

/** The browser's calls API as the specs want it: devices granted, peer connections recorded. */
export class FakeCallBrowser implements CallBrowser {
  public readonly peers: FakePeerConnection[] = [];
  public readonly streams: FakeRtcStream[] = [];
  public readonly screens: FakeRtcStream[] = [];
  public readonly contexts: FakeRingContext[] = [];
  /** Null: granted; else getUserMedia rejects with a DOMException of this name. */
  public refuse: string | null = null;
  public deviceList: Partial<MediaDeviceInfo>[] = [
    { kind: 'videoinput', deviceId: 'video-default', label: 'Fake camera' },
    { kind: 'videoinput', deviceId: 'cam-2', label: 'Second camera' },
    { kind: 'audioinput', deviceId: 'audio-default', label: 'Fake microphone' },
  ];

  public async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    if (this.refuse) throw new DOMException('refused', this.refuse);
    const id = (c: boolean | MediaTrackConstraints | undefined, kind: string): string => {
      const exact = typeof c === 'object' ? (c.deviceId as { exact?: string } | undefined)?.exact : undefined;
      return exact ?? `${kind}-default`;
    };
    const stream = new FakeRtcStream([
      ...(constraints.audio ? [new FakeRtcTrack('audio', id(constraints.audio, 'audio'))] : []),
      ...(constraints.video ? [new FakeRtcTrack('video', id(constraints.video, 'video'))] : []),
    ]);
    this.streams.push(stream);
    return stream as unknown as MediaStream;
  }

  public async getDisplayMedia(): Promise<MediaStream> {
    const stream = new FakeRtcStream([new FakeRtcTrack('video', 'screen')]);
    this.screens.push(stream);
    return stream as unknown as MediaStream;
  }

  public async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    return this.deviceList as MediaDeviceInfo[];
  }

  public peerConnection(config: RTCConfiguration): RTCPeerConnection {
    const pc = new FakePeerConnection(config);
    this.peers.push(pc);
    return pc as unknown as RTCPeerConnection;
  }

  public stream(tracks: MediaStreamTrack[]): MediaStream {
    return new FakeRtcStream(tracks as unknown as FakeRtcTrack[]) as unknown as MediaStream;
  }

  public audioContext(): AudioContext {
    const context = new FakeRingContext();
    this.contexts.push(context);
    return context as unknown as AudioContext;
  }

  /** Whether any camera, microphone or screen track handed out still runs. */
  public get anyLive(): boolean {
    return [...this.streams, ...this.screens].some((s) => s.tracks.some((t) => t.readyState === 'live'));
  }
}

/** An AudioContext that counts the tones it would play. */
export class FakeRingContext {
  public currentTime = 0;
  public oscillators = 0;
  public closed = false;
  public readonly destination = {};
  public async resume(): Promise<void> {
    return undefined;
  }
  public createGain(): unknown {
    const param = { setValueAtTime: () => undefined, linearRampToValueAtTime: () => undefined };
    return { gain: param, connect: () => undefined };
  }
  public createOscillator(): unknown {
    this.oscillators++;
    return {
      frequency: { value: 0 },
      connect: () => undefined,
      start: () => undefined,
      stop: () => undefined,
    };
  }
  public async close(): Promise<void> {
    this.closed = true;
  }
}
