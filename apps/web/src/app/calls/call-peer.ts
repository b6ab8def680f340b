import { CallBrowser } from './call-browser';

/** How long ICE may stay `disconnected` before the offerer restarts it. */
export const ICE_DISCONNECTED_RESTART_MS = 3_000;

/** The signal data one peer sends another through the edge (`call.signal`). */
export type PeerSignal = { description: RTCSessionDescriptionInit } | { candidate: RTCIceCandidateInit };

export interface PeerStats {
  /** Round-trip time of the selected candidate pair, in seconds; null before one is measured. */
  rttSec: number | null;
  /** Packets lost of those expected since the call began, 0..1. */
  loss: number;
  bytesReceived: number;
}

export type Quality = 'Good' | 'Fair' | 'Poor';

/** Good: under 150 ms and 2 % loss; Fair: under 400 ms and 8 %; else Poor. */
export function qualityOf(stats: PeerStats): Quality {
  const rtt = stats.rttSec ?? 0;
  if (rtt < 0.15 && stats.loss < 0.02) return 'Good';
  if (rtt < 0.4 && stats.loss < 0.08) return 'Fair';
  return 'Poor';
}

/** The figures of a getStats report that the quality sign shows. */
export function readStats(report: RTCStatsReport): PeerStats {
  let rttSec: number | null = null;
  let lost = 0;
  let received = 0;
  let bytesReceived = 0;
  let selectedPair: string | undefined;
  report.forEach((s: Record<string, unknown>) => {
    if (s['type'] === 'transport' && typeof s['selectedCandidatePairId'] === 'string') {
      selectedPair = s['selectedCandidatePairId'];
    }
  });
  report.forEach((s: Record<string, unknown>) => {
    if (s['type'] === 'candidate-pair') {
      const selected = selectedPair ? s['id'] === selectedPair : s['nominated'] && s['state'] === 'succeeded';
      if (selected && typeof s['currentRoundTripTime'] === 'number') rttSec = s['currentRoundTripTime'];
    } else if (s['type'] === 'inbound-rtp') {
      lost += Math.max(0, Number(s['packetsLost'] ?? 0));
      received += Number(s['packetsReceived'] ?? 0);
      bytesReceived += Number(s['bytesReceived'] ?? 0);
    }
  });
  return { rttSec, loss: lost + received > 0 ? lost / (lost + received) : 0, bytesReceived };
}

export interface PeerOptions {
  /** The other member's name. */
  name: string;
  /** Whether this side makes the offers (it joined after the other). */
  offerer: boolean;
  iceServers: RTCIceServer[];
  /** The tracks to send, with the stream they belong to. */
  tracks: () => { tracks: MediaStreamTrack[]; stream: MediaStream | null };
  /** Whether the call is a video call: an offerer without a camera still asks for the other's video. */
  video: boolean;
  signal: (data: PeerSignal) => void;
  onStream: (stream: MediaStream) => void;
  onState: (state: RTCPeerConnectionState) => void;
}

/**
 * The WebRTC connection with one other member of a call (calls are a mesh), negotiated the
 * "perfect negotiation" way: an offer that collides with ours is dropped by the impolite side (the
 * offerer) and taken by the polite one, so renegotiation and ICE restarts from either side work.
 * The offerer also restarts ICE when the connection fails or stays disconnected.
 */
export class CallPeer {
  public readonly pc: RTCPeerConnection;
  private makingOffer = false;
  private ignoreOffer = false;
  private tracksAdded = false;
  private disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly browser: CallBrowser,
    private readonly options: PeerOptions,
  ) {
    const pc = browser.peerConnection({ iceServers: options.iceServers });
    this.pc = pc;
    pc.onnegotiationneeded = () => void this.offer();
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) options.signal({ candidate: candidate.toJSON() });
    };
    pc.ontrack = (event) => {
      options.onStream(event.streams[0] ?? browser.stream([event.track]));
    };
    pc.onconnectionstatechange = () => options.onState(pc.connectionState);
    pc.oniceconnectionstatechange = () => this.iceStateChanged();
    // Those already in the call answer: they add their tracks when the newcomer's offer comes.
    if (options.offerer) this.addTracks();
  }

  public get name(): string {
    return this.options.name;
  }

  /** Takes a description or candidate the other member sent, one after the other in their order. */
  public receive(data: Record<string, unknown>): Promise<void> {
    this.queue = this.queue.then(() => this.apply(data)).catch(() => undefined);
    return this.queue;
  }

  private async apply(data: Record<string, unknown>): Promise<void> {
    if (this.closed) return;
    const pc = this.pc;
    const description = data['description'] as RTCSessionDescriptionInit | undefined;
    const candidate = data['candidate'] as RTCIceCandidateInit | undefined;
    if (description) {
      const collision = description.type === 'offer' && (this.makingOffer || pc.signalingState !== 'stable');
      this.ignoreOffer = this.options.offerer && collision;
      if (this.ignoreOffer) return;
      await pc.setRemoteDescription(description);
      if (description.type === 'offer') {
        this.addTracks();
        await pc.setLocalDescription();
        if (pc.localDescription) this.options.signal({ description: pc.localDescription.toJSON() });
      }
    } else if (candidate) {
      try {
        await pc.addIceCandidate(candidate);
      } catch (err) {
        // A candidate of an offer we ignored fails to apply: expected, and harmless.
        if (!this.ignoreOffer) throw err;
      }
    }
  }

  /** Sends `track` instead of what the sender of its kind sends now (no renegotiation needed). */
  public async replaceTrack(track: MediaStreamTrack): Promise<void> {
    for (const sender of this.pc.getSenders()) {
      if (sender.track?.kind === track.kind || (!sender.track && this.senderKind(sender) === track.kind)) {
        await sender.replaceTrack(track);
      }
    }
  }

  public async stats(): Promise<PeerStats> {
    return readStats(await this.pc.getStats());
  }

  /** Restarts ICE (the offerer only: the answer comes back through the negotiation). */
  public restartIce(): void {
    if (this.closed || !this.options.offerer) return;
    this.pc.restartIce();
  }

  public close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearDisconnected();
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.close();
  }

  private async offer(): Promise<void> {
    if (this.closed) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      if (this.pc.localDescription) this.options.signal({ description: this.pc.localDescription.toJSON() });
    } finally {
      this.makingOffer = false;
    }
  }

  private addTracks(): void {
    if (this.tracksAdded) return;
    this.tracksAdded = true;
    const { tracks, stream } = this.options.tracks();
    for (const track of tracks) {
      if (stream) this.pc.addTrack(track, stream);
      else this.pc.addTrack(track);
    }
    if (!this.options.offerer) return;
    // Without a microphone or camera the offerer still receives the other's.
    const kinds = new Set(tracks.map((t) => t.kind));
    if (!kinds.has('audio')) this.pc.addTransceiver('audio', { direction: 'recvonly' });
    if (this.options.video && !kinds.has('video')) this.pc.addTransceiver('video', { direction: 'recvonly' });
  }

  private senderKind(sender: RTCRtpSender): string | undefined {
    return this.pc.getTransceivers().find((t) => t.sender === sender)?.receiver.track?.kind;
  }

  private iceStateChanged(): void {
    const state = this.pc.iceConnectionState;
    if (state === 'failed') {
      this.clearDisconnected();
      this.restartIce();
    } else if (state === 'disconnected') {
      this.clearDisconnected();
      this.disconnectedTimer = setTimeout(() => {
        this.disconnectedTimer = null;
        if (this.pc.iceConnectionState === 'disconnected') this.restartIce();
      }, ICE_DISCONNECTED_RESTART_MS);
    } else {
      this.clearDisconnected();
    }
  }

  private clearDisconnected(): void {
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    this.disconnectedTimer = null;
  }
}
