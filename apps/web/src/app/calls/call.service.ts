import { DOCUMENT } from '@angular/common';
import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject } from 'rxjs';

import { callDuration, CallEndReason, CallEventFrame, CallMedia, EventFrame } from '@chat/protocol';

import { AttentionSettings } from '../attention/attention-settings.service';
import { ChatSocket } from '../core/chat-socket.service';
import { CALL_BROWSER } from './call-browser';
import { CallPeer, PeerSignal, PeerStats, Quality, qualityOf } from './call-peer';
import { RingTone } from './ring-tone';

/** At most this many people in one call (the caller and 5 invited): a mesh of 5 connections each. */
export const MAX_CALL_MEMBERS = 6;
export const STATS_INTERVAL_MS = 2_000;

export type CallPhase = 'idle' | 'outgoing' | 'incoming' | 'active';

export interface IncomingCall {
  callId: string;
  from: string;
  media: CallMedia;
  /** Everyone invited, the caller first. */
  participants: string[];
}

/** One other member of the call, as the call view shows them. */
export interface CallMember {
  name: string;
  stream: MediaStream | null;
  state: RTCPeerConnectionState;
  stats: PeerStats | null;
  quality: Quality | null;
}

/** How a call ended for this tab, for the snack bar. */
export interface CallEnd {
  reason: CallEndReason | 'error';
  /** Whether the call had been answered (the view was open). */
  answered: boolean;
  text: string;
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const errorText = (err: unknown): string => (err instanceof Error ? err.message : 'The call failed');

/**
 * The calls of this tab (protocol.md §11): the state machine over the edge's signalling (outgoing:
 * invite → ringing → in the call; incoming: ring → accept or decline; in the call; ended) and the
 * WebRTC mesh, one CallPeer per other member. Whoever joins later offers to those already in it.
 */
@Injectable({ providedIn: 'root' })
export class CallService {
  private readonly socket = inject(ChatSocket);
  private readonly browser = inject(CALL_BROWSER);
  private readonly ringTone = inject(RingTone);
  private readonly attention = inject(AttentionSettings);
  private readonly document = inject(DOCUMENT);
  private readonly peers = new Map<string, CallPeer>();
  private readonly endSubject = new Subject<CallEnd>();
  private iceServers: RTCIceServer[] = [];
  private cameraTrack: MediaStreamTrack | null = null;
  private screenTrack: MediaStreamTrack | null = null;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private clockTimer: ReturnType<typeof setInterval> | null = null;
  /** Bumped by every end: a call's late async steps see that their call is over. */
  private generation = 0;

  public readonly phase = signal<CallPhase>('idle');
  public readonly callId = signal<string | null>(null);
  public readonly media = signal<CallMedia>('video');
  /** Who was called (outgoing) or who is calling (incoming). */
  public readonly invitees = signal<string[]>([]);
  public readonly incoming = signal<IncomingCall | null>(null);
  public readonly members = signal<CallMember[]>([]);
  public readonly local = signal<MediaStream | null>(null);
  /** What the own preview shows: the screen while sharing, else the camera. */
  public readonly preview = signal<MediaStream | null>(null);
  public readonly micMuted = signal(false);
  public readonly cameraOff = signal(false);
  public readonly sharing = signal(false);
  public readonly devices = signal<MediaDeviceInfo[]>([]);
  public readonly cameraId = signal<string | null>(null);
  public readonly microphoneId = signal<string | null>(null);
  /** When the first other member's media connected (ms since the epoch). */
  public readonly connectedAt = signal<number | null>(null);
  private readonly now = signal(Date.now());
  /** m:ss since connected, or null before. */
  public readonly elapsed = computed(() => {
    const at = this.connectedAt();
    return at === null ? null : callDuration(Math.max(0, this.now() - at));
  });
  public readonly busy = computed(() => this.phase() === 'outgoing' || this.phase() === 'active');
  /** Each end of a call this tab was in or rang for. */
  public readonly ended$ = this.endSubject.asObservable();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.socket.events$.pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => this.onEvent(event));
    // The edge ends a connection's call when it closes: so does this tab.
    effect(() => {
      if (this.socket.state() !== 'online') {
        untracked(() => this.finish('hangup', 'Call ended: the connection to the server was lost'));
      }
    });
    const view = this.document.defaultView;
    const leave = (): void => this.leaveOnUnload();
    view?.addEventListener('pagehide', leave);
    view?.addEventListener('beforeunload', leave);
    destroyRef.onDestroy(() => {
      view?.removeEventListener('pagehide', leave);
      view?.removeEventListener('beforeunload', leave);
      this.cleanUp();
    });
  }

  /** Calls `members` (the others of a private or group conversation). */
  public async call(members: readonly string[], media: CallMedia): Promise<void> {
    if (this.phase() !== 'idle' || members.length === 0) return;
    const generation = ++this.generation;
    this.phase.set('outgoing');
    this.media.set(media);
    this.invitees.set([...members].slice(0, MAX_CALL_MEMBERS - 1));
    await this.openLocal(media);
    if (generation !== this.generation) return;
    try {
      const to = members.length === 1 ? members[0] : this.invitees();
      const reply = await this.socket.request('call.invite', { to, media });
      if (generation !== this.generation) {
        void this.socket.request('call.hangup', { callId: reply.callId }).catch(() => undefined);
        return;
      }
      this.iceServers = reply.iceServers as RTCIceServer[];
      this.callId.set(reply.callId);
    } catch (err) {
      if (generation === this.generation) this.finish('error', errorText(err));
    }
  }

  /** Answers the ringing call. */
  public async accept(): Promise<void> {
    const ring = this.incoming();
    if (!ring || this.phase() !== 'incoming') return;
    const generation = this.generation;
    this.stopRinging();
    this.phase.set('active');
    this.invitees.set([ring.from]);
    await this.openLocal(ring.media);
    if (generation !== this.generation) return;
    try {
      const reply = await this.socket.request('call.accept', { callId: ring.callId });
      if (generation !== this.generation) return;
      this.iceServers = reply.iceServers as RTCIceServer[];
      this.incoming.set(null);
      this.startTimers();
      // Whoever joins later makes the offers to those already in the call.
      for (const name of reply.participants) this.addPeer(name, true);
    } catch (err) {
      if (generation === this.generation) this.finish('error', errorText(err));
    }
  }

  /** Refuses the ringing call. */
  public decline(): void {
    const ring = this.incoming();
    if (!ring || this.phase() !== 'incoming') return;
    void this.socket.request('call.reject', { callId: ring.callId }).catch(() => undefined);
    this.cleanUp();
  }

  /** Leaves the call (or stops calling). */
  public hangup(): void {
    if (this.phase() === 'incoming') return this.decline();
    const callId = this.callId();
    if (callId) void this.socket.request('call.hangup', { callId }).catch(() => undefined);
    if (this.phase() !== 'idle') this.finish('hangup', 'Call ended');
  }

  public toggleMicrophone(): void {
    const muted = !this.micMuted();
    this.micMuted.set(muted);
    for (const track of this.local()?.getAudioTracks() ?? []) track.enabled = !muted;
  }

  public toggleCamera(): void {
    const off = !this.cameraOff();
    this.cameraOff.set(off);
    if (this.cameraTrack) this.cameraTrack.enabled = !off;
  }

  /** Sends the screen (or a window) instead of the camera, to everyone. */
  public async shareScreen(): Promise<void> {
    if (this.sharing() || this.phase() !== 'active') return;
    const generation = this.generation;
    let screen: MediaStream;
    try {
      screen = await this.browser.getDisplayMedia({ video: true, audio: false });
    } catch {
      return; // The user picked nothing.
    }
    const track = screen.getVideoTracks()[0];
    if (!track || generation !== this.generation) {
      for (const t of screen.getTracks()) t.stop();
      return;
    }
    this.screenTrack = track;
    this.sharing.set(true);
    this.preview.set(screen);
    // The browser's own "Stop sharing" ends the track.
    track.addEventListener('ended', () => void this.stopSharing());
    await this.sendVideo(track);
  }

  /** Back to the camera. */
  public async stopSharing(): Promise<void> {
    const screen = this.screenTrack;
    if (!screen) return;
    this.screenTrack = null;
    this.sharing.set(false);
    this.preview.set(this.local());
    screen.stop();
    if (this.cameraTrack) await this.sendVideo(this.cameraTrack);
  }

  /** The camera or microphone to use from now on (a deviceId from `devices`). */
  public async switchDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    const stream = this.local();
    if (!stream) return;
    const video = kind === 'videoinput';
    const fresh = await this.browser.getUserMedia(
      video ? { video: { deviceId: { exact: deviceId } } } : { audio: { deviceId: { exact: deviceId } } },
    );
    const track = video ? fresh.getVideoTracks()[0] : fresh.getAudioTracks()[0];
    if (!track) return;
    const old = video ? this.cameraTrack : (stream.getAudioTracks()[0] ?? null);
    track.enabled = video ? !this.cameraOff() : !this.micMuted();
    if (old) stream.removeTrack(old);
    stream.addTrack(track);
    if (video) {
      this.cameraTrack = track;
      this.cameraId.set(deviceId);
      if (!this.sharing()) await this.sendVideo(track);
    } else {
      this.microphoneId.set(deviceId);
      for (const peer of this.peers.values()) await peer.replaceTrack(track);
    }
    old?.stop();
  }

  private onEvent(event: EventFrame): void {
    if (!event.type.startsWith('call.')) return;
    const call = event as CallEventFrame;
    if (call.type === 'call.ring') return this.ring(call.callId, call.from, call.media, call.participants);
    const ours = call.callId === this.callId() || call.callId === this.incoming()?.callId;
    if (!ours) return;
    switch (call.type) {
      case 'call.joined':
        if (this.phase() === 'outgoing') {
          this.phase.set('active');
          this.startTimers();
        }
        // Those in the call wait for the newcomer's offer.
        this.addPeer(call.user, false);
        return;
      case 'call.signal':
        if (this.phase() !== 'active') return;
        void (this.peers.get(call.from.toLowerCase()) ?? this.addPeer(call.from, false)).receive(call.data);
        return;
      case 'call.left':
        this.removePeer(call.user);
        return;
      case 'call.ended':
        this.finish(call.reason, this.endText(call.reason));
        return;
    }
  }

  private ring(callId: string, from: string, media: CallMedia, participants: string[]): void {
    // One call at a time: another one that rings meanwhile goes unanswered (it shows as missed).
    if (this.phase() !== 'idle') return;
    this.generation++;
    this.callId.set(callId);
    this.media.set(media);
    this.invitees.set([from]);
    this.incoming.set({ callId, from, media, participants });
    this.phase.set('incoming');
    // Do not disturb: the dialog shows, silently (Attention tells of the call, as its settings allow).
    if (!this.attention.dnd()) this.ringTone.start();
  }

  private endText(reason: CallEndReason): string {
    const who = this.invitees().join(', ');
    if (this.phase() === 'outgoing') {
      if (reason === 'rejected') return `${who} declined the call`;
      if (reason === 'missed') return `No answer from ${who}`;
    }
    if (this.phase() === 'incoming') {
      const kind = this.media() === 'video' ? 'video call' : 'voice call';
      if (reason === 'answered-elsewhere') return `Answered on another device`;
      return `Missed ${kind} from ${who}`;
    }
    return 'Call ended';
  }

  private addPeer(name: string, offerer: boolean): CallPeer {
    const key = name.toLowerCase();
    const existing = this.peers.get(key);
    if (existing) return existing;
    const callId = this.callId();
    const generation = this.generation;
    const peer = new CallPeer(this.browser, {
      name,
      offerer,
      iceServers: this.iceServers,
      video: this.media() === 'video',
      tracks: () => this.outgoingTracks(),
      signal: (data: PeerSignal) => {
        if (generation !== this.generation || !callId) return;
        void this.socket.request('call.signal', { callId, to: name, data }).catch(() => undefined);
      },
      onStream: (stream) => this.updateMember(name, { stream }),
      onState: (state) => {
        this.updateMember(name, { state });
        if (state === 'connected' && this.connectedAt() === null) this.connectedAt.set(Date.now());
      },
    });
    this.peers.set(key, peer);
    this.members.update((list) => [
      ...list.filter((m) => !sameName(m.name, name)),
      { name, stream: null, state: 'new', stats: null, quality: null },
    ]);
    return peer;
  }

  private removePeer(name: string): void {
    const key = name.toLowerCase();
    this.peers.get(key)?.close();
    this.peers.delete(key);
    this.members.update((list) => list.filter((m) => !sameName(m.name, name)));
  }

  private updateMember(name: string, change: Partial<CallMember>): void {
    this.members.update((list) => list.map((m) => (sameName(m.name, name) ? { ...m, ...change } : m)));
  }

  /** The microphone, and the camera or the screen being shared. */
  private outgoingTracks(): { tracks: MediaStreamTrack[]; stream: MediaStream | null } {
    const stream = this.local();
    const audio = stream?.getAudioTracks() ?? [];
    const video = this.screenTrack ?? this.cameraTrack;
    return { tracks: [...audio, ...(video ? [video] : [])], stream };
  }

  private async sendVideo(track: MediaStreamTrack): Promise<void> {
    for (const peer of this.peers.values()) await peer.replaceTrack(track);
  }

  /** The microphone (and camera for a video call); a call goes on without what the browser refuses. */
  private async openLocal(media: CallMedia): Promise<void> {
    const generation = this.generation;
    let stream: MediaStream | null = null;
    try {
      stream = await this.browser.getUserMedia({ audio: true, video: media === 'video' });
    } catch {
      if (media === 'video') {
        stream = await this.browser.getUserMedia({ audio: true }).catch(() => null);
      }
    }
    if (generation !== this.generation) {
      for (const t of stream?.getTracks() ?? []) t.stop();
      return;
    }
    this.local.set(stream);
    this.preview.set(stream);
    this.cameraTrack = stream?.getVideoTracks()[0] ?? null;
    this.micMuted.set(false);
    this.cameraOff.set(false);
    this.cameraId.set(this.cameraTrack?.getSettings?.().deviceId ?? null);
    this.microphoneId.set(stream?.getAudioTracks()[0]?.getSettings?.().deviceId ?? null);
    // Labels come only once a device is allowed, so the list is asked for after getUserMedia.
    this.browser
      .enumerateDevices()
      .then((list) => {
        if (generation === this.generation) this.devices.set(list);
      })
      .catch(() => undefined);
  }

  private startTimers(): void {
    if (this.statsTimer) return;
    this.statsTimer = setInterval(() => void this.pollStats(), STATS_INTERVAL_MS);
    this.clockTimer = setInterval(() => this.now.set(Date.now()), 1_000);
  }

  private async pollStats(): Promise<void> {
    for (const peer of [...this.peers.values()]) {
      try {
        const stats = await peer.stats();
        this.updateMember(peer.name, { stats, quality: qualityOf(stats) });
      } catch {
        // A connection closed meanwhile has no stats: the next round skips it.
      }
    }
  }

  private finish(reason: CallEnd['reason'], text: string): void {
    const answered = this.phase() === 'active';
    const rang = this.phase() !== 'idle';
    this.cleanUp();
    if (rang) this.endSubject.next({ reason, answered, text });
  }

  /** Ends everything of the call: peers, devices, timers, the ring. */
  private cleanUp(): void {
    if (this.phase() === 'idle' && !this.local()) return;
    this.generation++;
    this.stopRinging();
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    for (const track of this.local()?.getTracks() ?? []) track.stop();
    this.cameraTrack?.stop();
    this.screenTrack?.stop();
    this.cameraTrack = null;
    this.screenTrack = null;
    if (this.statsTimer) clearInterval(this.statsTimer);
    if (this.clockTimer) clearInterval(this.clockTimer);
    this.statsTimer = null;
    this.clockTimer = null;
    this.local.set(null);
    this.preview.set(null);
    this.members.set([]);
    this.incoming.set(null);
    this.callId.set(null);
    this.invitees.set([]);
    this.sharing.set(false);
    this.micMuted.set(false);
    this.cameraOff.set(false);
    this.connectedAt.set(null);
    this.devices.set([]);
    this.phase.set('idle');
  }

  private stopRinging(): void {
    this.ringTone.stop();
  }

  private leaveOnUnload(): void {
    const callId = this.callId();
    if (!callId || this.phase() === 'idle') return;
    const type = this.phase() === 'incoming' ? 'call.reject' : 'call.hangup';
    void this.socket.request(type, { callId }).catch(() => undefined);
  }
}
