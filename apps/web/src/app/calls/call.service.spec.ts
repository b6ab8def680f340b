import { TestBed } from '@angular/core/testing';

import { FakeCallBrowser, FakePeerConnection, FakeRtcTrack } from '../../testing/fake-rtc';
import { FakeWebSocket } from '../../testing/fake-websocket';
import { loggedInChat, settle } from '../../testing/logged-in-chat';
import { CallEnd, CallService } from './call.service';
import { CALL_BROWSER } from './call-browser';
import { ICE_DISCONNECTED_RESTART_MS, qualityOf, readStats } from './call-peer';
import { RingTone } from './ring-tone';

describe(CallService.name, () => {
  let sut: CallService;
  let ws: FakeWebSocket;
  let browser: FakeCallBrowser;
  let ends: CallEnd[];

  beforeEach(async () => {
    browser = new FakeCallBrowser();
    ({ ws } = await loggedInChat([{ provide: CALL_BROWSER, useValue: browser }]));
    sut = TestBed.inject(CallService);
    ends = [];
    sut.ended$.subscribe((e) => ends.push(e));
  });

  const signals = (to: string) =>
    ws.sent.filter((f) => f['type'] === 'call.signal' && f['to'] === to).map((f) => f['data']);
  const peer = (i: number): FakePeerConnection => {
    const pc = browser.peers[i];
    if (!pc) throw new Error(`no peer connection ${i}`);
    return pc;
  };

  /** alice calls bob, who accepts: alice's side of an answered call, bob's offer taken. */
  async function inCallWithBob(media: 'audio' | 'video' = 'video'): Promise<FakePeerConnection> {
    void sut.call(['bob'], media);
    await settle();
    ws.ok('call.invite', { callId: 'c1', iceServers: [{ urls: 'turn:turn.test' }] });
    await settle();
    ws.receive({ type: 'call.joined', callId: 'c1', user: 'bob' });
    ws.receive({
      type: 'call.signal',
      callId: 'c1',
      from: 'bob',
      data: { description: { type: 'offer', sdp: 'bob 1' } },
    });
    await settle();
    return peer(0);
  }

  describe('outgoing', () => {
    it('invites with the camera and microphone, rings, then answers the newcomer’s offer', async () => {
      void sut.call(['bob'], 'video');
      expect(sut.phase()).toBe('outgoing');
      await settle();
      expect(ws.lastSent('call.invite')).toMatchObject({ to: 'bob', media: 'video' });
      expect(browser.streams[0].tracks.map((t) => t.kind)).toEqual(['audio', 'video']);
      ws.ok('call.invite', { callId: 'c1', iceServers: [{ urls: 'turn:turn.test' }] });
      await settle();
      expect(sut.callId()).toBe('c1');
      expect(sut.phase()).toBe('outgoing');

      ws.receive({ type: 'call.joined', callId: 'c1', user: 'bob' });
      await settle();
      expect(sut.phase()).toBe('active');
      expect(sut.members().map((m) => m.name)).toEqual(['bob']);
      const pc = peer(0);
      expect(pc.config.iceServers).toEqual([{ urls: 'turn:turn.test' }]);
      // Those in the call wait for the newcomer's offer: nothing added, nothing offered yet.
      expect(pc.senders).toEqual([]);
      expect(signals('bob')).toEqual([]);

      ws.receive({
        type: 'call.signal',
        callId: 'c1',
        from: 'bob',
        data: { description: { type: 'offer', sdp: 'bob 1' } },
      });
      ws.receive({
        type: 'call.signal',
        callId: 'c1',
        from: 'bob',
        data: { candidate: { candidate: 'c-1' } },
      });
      await settle();
      expect(pc.senders.map((s) => s.track?.kind)).toEqual(['audio', 'video']);
      expect(signals('bob')).toEqual([{ description: { type: 'answer', sdp: 'answer to bob 1' } }]);
      expect(pc.candidates).toEqual([{ candidate: 'c-1' }]);

      pc.gather({ candidate: 'mine' });
      await settle();
      expect(signals('bob').at(-1)).toEqual({ candidate: { candidate: 'mine' } });
    });

    it('a voice call asks for the microphone only', async () => {
      void sut.call(['bob'], 'audio');
      await settle();
      expect(ws.lastSent('call.invite')).toMatchObject({ media: 'audio' });
      expect(browser.streams[0].tracks.map((t) => t.kind)).toEqual(['audio']);
    });

    it('invites a group by its list of names', async () => {
      void sut.call(['bob', 'carol'], 'video');
      await settle();
      expect(ws.lastSent('call.invite')).toMatchObject({ to: ['bob', 'carol'] });
    });

    it('ends with a reason when the one called declines, stopping camera and microphone', async () => {
      void sut.call(['bob'], 'video');
      await settle();
      ws.ok('call.invite', { callId: 'c1', iceServers: [] });
      await settle();
      ws.receive({ type: 'call.ended', callId: 'c1', reason: 'rejected' });
      expect(sut.phase()).toBe('idle');
      expect(browser.anyLive).toBe(false);
      expect(ends).toEqual([{ reason: 'rejected', answered: false, text: 'bob declined the call' }]);
    });

    it('an error reply (nobody online) ends the call with its message', async () => {
      void sut.call(['bob'], 'video');
      await settle();
      ws.error('call.invite', 'USER_OFFLINE', 'bob is offline');
      await settle();
      expect(sut.phase()).toBe('idle');
      expect(ends).toEqual([{ reason: 'error', answered: false, text: 'bob is offline' }]);
      expect(browser.anyLive).toBe(false);
    });

    it('goes on without a camera when the browser refuses it', async () => {
      browser.refuse = 'NotAllowedError';
      void sut.call(['bob'], 'video');
      await settle();
      expect(ws.lastSent('call.invite')).toMatchObject({ to: 'bob' });
      expect(sut.local()).toBeNull();
    });
  });

  describe('incoming', () => {
    const ring = (over: Record<string, unknown> = {}) =>
      ws.receive({
        type: 'call.ring',
        callId: 'c9',
        from: 'bob',
        media: 'video',
        participants: ['bob', 'alice'],
        ...over,
      });

    it('rings (Web Audio), then accepting offers to everyone already in the call', async () => {
      ring({ participants: ['bob', 'alice', 'carol'] });
      expect(sut.phase()).toBe('incoming');
      expect(sut.incoming()).toMatchObject({ from: 'bob', media: 'video' });
      expect(TestBed.inject(RingTone).ringing).toBe(true);
      expect(browser.contexts[0].oscillators).toBe(2);

      void sut.accept();
      await settle();
      expect(TestBed.inject(RingTone).ringing).toBe(false);
      expect(browser.contexts[0].closed).toBe(true);
      expect(ws.lastSent('call.accept')).toMatchObject({ callId: 'c9' });
      ws.ok('call.accept', { callId: 'c9', iceServers: [], participants: ['bob', 'carol'] });
      await settle();
      expect(sut.phase()).toBe('active');
      expect(sut.members().map((m) => m.name)).toEqual(['bob', 'carol']);
      // The one who joins later makes the offers.
      expect(signals('bob')).toEqual([{ description: { type: 'offer', sdp: 'offer 1' } }]);
      expect(signals('carol')).toEqual([{ description: { type: 'offer', sdp: 'offer 1' } }]);
      expect(peer(0).senders.map((s) => s.track?.kind)).toEqual(['audio', 'video']);

      ws.receive({
        type: 'call.signal',
        callId: 'c9',
        from: 'bob',
        data: { description: { type: 'answer', sdp: 'a' } },
      });
      await settle();
      expect(peer(0).signalingState).toBe('stable');
    });

    it('declining sends call.reject and stops the ring', async () => {
      ring();
      sut.decline();
      expect(ws.lastSent('call.reject')).toMatchObject({ callId: 'c9' });
      expect(sut.phase()).toBe('idle');
      expect(TestBed.inject(RingTone).ringing).toBe(false);
      expect(browser.streams).toEqual([]);
    });

    it.each([
      ['answered-elsewhere', 'Answered on another device'],
      ['missed', 'Missed video call from bob'],
      ['hangup', 'Missed video call from bob'],
    ])('stops ringing on call.ended %s', (reason, text) => {
      ring();
      ws.receive({ type: 'call.ended', callId: 'c9', reason });
      expect(sut.phase()).toBe('idle');
      expect(TestBed.inject(RingTone).ringing).toBe(false);
      expect(ends).toEqual([{ reason, answered: false, text }]);
    });

    it('a second call ringing during one goes unanswered', async () => {
      ring();
      ring({ callId: 'c10', from: 'carol' });
      expect(sut.incoming()?.callId).toBe('c9');
    });

    it('ignores events of other calls', async () => {
      ring();
      ws.receive({ type: 'call.ended', callId: 'other', reason: 'missed' });
      expect(sut.phase()).toBe('incoming');
    });
  });

  describe('in the call', () => {
    it('shows the remote stream, starts the timer when connected, and hangs up cleanly', async () => {
      const pc = await inCallWithBob();
      const stream = pc.remoteTrack('video');
      expect(sut.members()[0].stream).toBe(stream);
      expect(sut.connectedAt()).toBeNull();
      pc.setConnectionState('connected');
      expect(sut.connectedAt()).not.toBeNull();
      expect(sut.elapsed()).toBe('0:00');

      sut.hangup();
      expect(ws.lastSent('call.hangup')).toMatchObject({ callId: 'c1' });
      expect(sut.phase()).toBe('idle');
      expect(pc.closed).toBe(true);
      expect(browser.anyLive).toBe(false);
      expect(ends).toEqual([{ reason: 'hangup', answered: true, text: 'Call ended' }]);
    });

    it('call.left drops that member; call.ended closes everything', async () => {
      const pc = await inCallWithBob();
      ws.receive({ type: 'call.joined', callId: 'c1', user: 'carol' });
      expect(sut.members().map((m) => m.name)).toEqual(['bob', 'carol']);
      ws.receive({ type: 'call.left', callId: 'c1', user: 'carol' });
      expect(sut.members().map((m) => m.name)).toEqual(['bob']);
      expect(peer(1).closed).toBe(true);
      expect(pc.closed).toBe(false);

      ws.receive({ type: 'call.ended', callId: 'c1', reason: 'hangup' });
      expect(pc.closed).toBe(true);
      expect(sut.phase()).toBe('idle');
      expect(browser.anyLive).toBe(false);
      expect(ends.at(-1)).toEqual({ reason: 'hangup', answered: true, text: 'Call ended' });
    });

    it('mutes the microphone and turns the camera off by disabling their tracks', async () => {
      await inCallWithBob();
      const [mic, cam] = browser.streams[0].tracks;
      sut.toggleMicrophone();
      expect([sut.micMuted(), mic.enabled]).toEqual([true, false]);
      sut.toggleCamera();
      expect([sut.cameraOff(), cam.enabled]).toEqual([true, false]);
      sut.toggleMicrophone();
      sut.toggleCamera();
      expect([mic.enabled, cam.enabled]).toEqual([true, true]);
    });

    it('shares the screen with replaceTrack, and goes back to the camera when the browser stops it', async () => {
      const pc = await inCallWithBob();
      const cam = browser.streams[0].getVideoTracks()[0];
      await sut.shareScreen();
      const screen = browser.screens[0].tracks[0];
      expect(sut.sharing()).toBe(true);
      expect(pc.senders.map((s) => s.track)).toEqual([browser.streams[0].tracks[0], screen]);
      expect(signals('bob').filter((d) => 'description' in (d as object))).toHaveLength(1); // no renegotiation

      screen.end();
      await settle();
      expect(sut.sharing()).toBe(false);
      expect(pc.senders[1].track).toBe(cam);
    });

    it('switches the camera by deviceId, replacing the sent track and stopping the old one', async () => {
      const pc = await inCallWithBob();
      const old = browser.streams[0].getVideoTracks()[0];
      await settle();
      expect(sut.devices().map((d) => d.deviceId)).toEqual(['video-default', 'cam-2', 'audio-default']);
      await sut.switchDevice('videoinput', 'cam-2');
      const fresh = pc.senders[1].track as FakeRtcTrack;
      expect(fresh.deviceId).toBe('cam-2');
      expect(old.readyState).toBe('ended');
      expect(sut.cameraId()).toBe('cam-2');
      expect(sut.local()?.getVideoTracks()[0]).toBe(fresh);
    });

    it('the offerer restarts ICE when it fails, or stays disconnected for 3 s', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
      try {
        ws.receive({
          type: 'call.ring',
          callId: 'c9',
          from: 'bob',
          media: 'audio',
          participants: ['bob', 'alice'],
        });
        void sut.accept();
        await settle();
        ws.ok('call.accept', { callId: 'c9', iceServers: [], participants: ['bob'] });
        await settle();
        const pc = peer(0);
        ws.receive({
          type: 'call.signal',
          callId: 'c9',
          from: 'bob',
          data: { description: { type: 'answer', sdp: 'a' } },
        });
        await settle();
        pc.setIceState('failed');
        expect(pc.restarts).toBe(1);
        await settle();
        // The restart's offer goes out like any renegotiation.
        expect(signals('bob').filter((d) => 'description' in (d as object))).toEqual([
          { description: { type: 'offer', sdp: 'offer 1' } },
          { description: { type: 'offer', sdp: 'offer 2' } },
        ]);

        pc.setIceState('disconnected');
        vi.advanceTimersByTime(ICE_DISCONNECTED_RESTART_MS - 100);
        expect(pc.restarts).toBe(1);
        vi.advanceTimersByTime(200);
        expect(pc.restarts).toBe(2);

        pc.setIceState('disconnected');
        pc.setIceState('connected'); // came back by itself
        vi.advanceTimersByTime(ICE_DISCONNECTED_RESTART_MS * 2);
        expect(pc.restarts).toBe(2);
      } finally {
        vi.useRealTimers();
      }
    });

    it('the one answering does not restart ICE itself', async () => {
      const pc = await inCallWithBob();
      pc.setIceState('failed');
      expect(pc.restarts).toBe(0);
    });

    it('reads the quality from getStats every 2 s', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      try {
        const pc = await inCallWithBob();
        pc.stats = [
          { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
          { id: 'P', type: 'candidate-pair', currentRoundTripTime: 0.25 },
          { id: 'X', type: 'candidate-pair', currentRoundTripTime: 0.01 },
          { id: 'A', type: 'inbound-rtp', packetsLost: 3, packetsReceived: 97, bytesReceived: 5000 },
        ];
        vi.advanceTimersByTime(2_000);
        await settle();
        expect(sut.members()[0]).toMatchObject({
          quality: 'Fair',
          stats: { rttSec: 0.25, loss: 0.03, bytesReceived: 5000 },
        });
      } finally {
        vi.useRealTimers();
      }
    });

    it('ends the call when the connection to the edge drops (the edge ends it too)', async () => {
      const pc = await inCallWithBob();
      ws.drop();
      TestBed.tick();
      expect(sut.phase()).toBe('idle');
      expect(pc.closed).toBe(true);
      expect(browser.anyLive).toBe(false);
      expect(ends.at(-1)).toMatchObject({ reason: 'hangup', answered: true });
    });

    it('leaves the call when the page goes away', async () => {
      await inCallWithBob();
      window.dispatchEvent(new Event('pagehide'));
      expect(ws.lastSent('call.hangup')).toMatchObject({ callId: 'c1' });
    });
  });

  describe('quality', () => {
    it.each([
      [{ rttSec: 0.05, loss: 0, bytesReceived: 1 }, 'Good'],
      [{ rttSec: null, loss: 0.01, bytesReceived: 1 }, 'Good'],
      [{ rttSec: 0.2, loss: 0, bytesReceived: 1 }, 'Fair'],
      [{ rttSec: 0.05, loss: 0.05, bytesReceived: 1 }, 'Fair'],
      [{ rttSec: 0.5, loss: 0, bytesReceived: 1 }, 'Poor'],
      [{ rttSec: 0.05, loss: 0.1, bytesReceived: 1 }, 'Poor'],
    ])('%o is %s', (stats, quality) => expect(qualityOf(stats)).toBe(quality));

    it('without a transport stat, takes the nominated succeeded pair', () => {
      const report = new Map(
        [
          { id: 'P1', type: 'candidate-pair', nominated: false, state: 'failed', currentRoundTripTime: 9 },
          {
            id: 'P2',
            type: 'candidate-pair',
            nominated: true,
            state: 'succeeded',
            currentRoundTripTime: 0.02,
          },
        ].map((s) => [s.id, s]),
      );
      expect(readStats(report as unknown as RTCStatsReport)).toEqual({
        rttSec: 0.02,
        loss: 0,
        bytesReceived: 0,
      });
    });
  });
});
