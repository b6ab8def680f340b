import { createHmac } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageFrame } from '@chat/protocol';

import { EdgeProcess } from './support/edge-process';
import { collect, eventually, nextEvent } from './support/events';

type Frame = Record<string, unknown>;

describe('calls: WebRTC signalling through the edge (protocol.md §11)', () => {
  let edge: EdgeProcess;
  const clients: ChatClient[] = [];
  const login = async (user: string): Promise<ChatClient> => {
    const c = await edge.login(user);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    edge = await EdgeProcess.start({
      env: {
        CALL_RING_SEC: '5',
        ICE_SERVERS: JSON.stringify([{ urls: 'stun:stun.example.org:3478' }]),
        TURN_SECRET: 'turn-shared-secret-0123456789',
        TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349',
      },
    });
    // Every user exists before the tests call them.
    for (const u of ['alice', 'bob', 'carol', 'dave', 'erin']) (await edge.login(u)).close();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await edge.dispose();
  });

  it('says calls in hello', async () => {
    const c = await edge.connect();
    clients.push(c);
    expect((await c.hello).features).toContain('calls');
  });

  it('rings every connection of the callee; one accepts, the other stops with answered-elsewhere; signals relay only to the one in the call; hang-up ends it and stores the call', async () => {
    const alice = await login('alice');
    const bobWeb = await login('bob');
    const bobCli = await login('bob');
    const aliceMessages = collect<MessageFrame>(alice, 'message');
    const rings = [nextEvent<Frame>(bobWeb, 'call.ring'), nextEvent<Frame>(bobCli, 'call.ring')];

    const invited = await alice.request('call.invite', { to: 'bob', media: 'video' });
    const callId = invited.callId as string;
    // ICE: the static servers, then TURN credentials that coturn's use-auth-secret accepts.
    const ice = invited.iceServers as { urls: unknown; username?: string; credential?: string }[];
    expect(ice[0]).toEqual({ urls: 'stun:stun.example.org:3478' });
    expect(ice[1].urls).toEqual(['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349']);
    const [expiry, who] = ice[1].username!.split(':');
    expect(who).toBe('alice');
    expect(Number(expiry)).toBeGreaterThan(Date.now() / 1000 + 3600);
    expect(ice[1].credential).toBe(
      createHmac('sha1', 'turn-shared-secret-0123456789').update(ice[1].username!).digest('base64'),
    );

    for (const ring of await Promise.all(rings)) {
      expect(ring).toMatchObject({
        type: 'call.ring',
        callId,
        from: 'alice',
        media: 'video',
        participants: ['alice', 'bob'],
      });
    }
    const joined = nextEvent<Frame>(alice, 'call.joined');
    const elsewhere = nextEvent<Frame>(bobCli, 'call.ended');
    const webEnded = collect<Frame>(bobWeb, 'call.ended');
    const accepted = await bobWeb.request('call.accept', { callId });
    expect(accepted).toMatchObject({ callId, participants: ['alice'] });
    expect((accepted.iceServers as { username: string }[])[1].username).toMatch(/:bob$/);
    expect(await joined).toMatchObject({ callId, user: 'bob' });
    expect(await elsewhere).toMatchObject({ callId, reason: 'answered-elsewhere' });

    // An offer from alice reaches bob's web connection only; the answer goes back.
    const cliSignals = collect<Frame>(bobCli, 'call.signal');
    const offer = nextEvent<Frame>(bobWeb, 'call.signal');
    await alice.request('call.signal', { callId, to: 'bob', data: { sdp: { type: 'offer', sdp: 'v=0' } } });
    expect(await offer).toEqual({
      type: 'call.signal',
      callId,
      from: 'alice',
      data: { sdp: { type: 'offer', sdp: 'v=0' } },
    });
    const answer = nextEvent<Frame>(alice, 'call.signal');
    await bobWeb.request('call.signal', {
      callId,
      to: 'alice',
      data: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' },
    });
    expect(await answer).toMatchObject({
      from: 'bob',
      data: { candidate: expect.stringContaining('candidate:1') },
    });

    // Bob's other connection is not in the call; nobody outside it gets anything.
    await expect(
      bobCli.request('call.signal', { callId, to: 'alice', data: { x: 1 } }),
    ).rejects.toMatchObject({ code: 'NOT_IN_CALL' });
    const carol = await login('carol');
    await expect(carol.request('call.signal', { callId, to: 'alice', data: {} })).rejects.toMatchObject({
      code: 'NO_SUCH_CALL',
    });
    await expect(alice.request('call.signal', { callId, to: 'carol', data: {} })).rejects.toMatchObject({
      code: 'NOT_IN_CALL',
    });
    // At most 64 KiB of data.
    await expect(
      alice.request('call.signal', { callId, to: 'bob', data: { sdp: 'x'.repeat(64 * 1024) } }),
    ).rejects.toMatchObject({ code: 'INVALID', message: expect.stringContaining('64 KiB') });

    await new Promise((r) => setTimeout(r, 300));
    const left = nextEvent<Frame>(alice, 'call.left');
    const ended = nextEvent<Frame>(alice, 'call.ended');
    await bobWeb.request('call.hangup', { callId });
    expect(await left).toMatchObject({ callId, user: 'bob' });
    expect(await ended).toMatchObject({ callId, reason: 'hangup' });
    expect(cliSignals).toEqual([]);
    expect(webEnded).toEqual([]); // the one who hung up is told by its ok

    await eventually(() => expect(aliceMessages.find((m) => m.call)).toBeDefined());
    const message = aliceMessages.find((m) => m.call)!;
    expect(message).toMatchObject({
      from: 'alice',
      to: 'bob',
      kind: 'private',
      call: { callId, media: 'video', outcome: 'answered' },
    });
    expect(message.text).toBeUndefined();
    expect(message.call!.durationMs).toBeGreaterThanOrEqual(300);
    // History shows it.
    const history = await alice.request('history', { with: 'bob' });
    expect((history.messages as MessageFrame[]).at(-1)).toMatchObject({
      call: { callId, outcome: 'answered' },
    });
    await expect(alice.request('call.hangup', { callId })).rejects.toMatchObject({ code: 'NO_SUCH_CALL' });
  });

  it('a 1:1 call refused ends as rejected for the caller and the callee’s other connections', async () => {
    const alice = await login('alice');
    const bob1 = await login('bob');
    const bob2 = await login('bob');
    const ring = nextEvent<Frame>(bob1, 'call.ring');
    const { callId } = await alice.request('call.invite', { to: 'bob', media: 'audio' });
    await ring;
    const aliceEnded = nextEvent<Frame>(alice, 'call.ended');
    const otherEnded = nextEvent<Frame>(bob2, 'call.ended');
    const message = nextEvent<MessageFrame>(alice, 'message');
    await bob1.request('call.reject', { callId });
    expect(await aliceEnded).toMatchObject({ callId, reason: 'rejected' });
    expect(await otherEnded).toMatchObject({ callId, reason: 'rejected' });
    expect((await message).call).toEqual({ callId, media: 'audio', outcome: 'rejected', durationMs: 0 });
  });

  it('a call nobody answers within CALL_RING_SEC is missed, for the caller and every ringing connection', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    const ring = nextEvent<Frame>(bob, 'call.ring');
    const { callId } = await alice.request('call.invite', { to: 'bob', media: 'video' });
    await ring;
    const [a, b, m] = await Promise.all([
      nextEvent<Frame>(alice, 'call.ended', 9_000),
      nextEvent<Frame>(bob, 'call.ended', 9_000),
      nextEvent<MessageFrame>(bob, 'message', 9_000),
    ]);
    expect(a).toMatchObject({ callId, reason: 'missed' });
    expect(b).toMatchObject({ callId, reason: 'missed' });
    expect(m.call).toMatchObject({ callId, outcome: 'missed', durationMs: 0 });
  }, 15_000);

  it('a group call: everyone invited rings, joins are announced, a closed connection leaves, and the last two end it', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    const carol = await login('carol');
    const dave = await login('dave');
    const rings = [bob, carol, dave].map((c) => nextEvent<Frame>(c, 'call.ring'));
    const { callId } = await alice.request('call.invite', { to: ['bob', 'carol', 'dave'], media: 'video' });
    for (const r of await Promise.all(rings))
      expect(r.participants).toEqual(['alice', 'bob', 'carol', 'dave']);

    expect((await bob.request('call.accept', { callId })).participants).toEqual(['alice']);
    const bobSeesCarol = nextEvent<Frame>(bob, 'call.joined');
    expect((await carol.request('call.accept', { callId })).participants).toEqual(['alice', 'bob']);
    expect(await bobSeesCarol).toMatchObject({ user: 'carol' });
    // dave refuses: the call goes on.
    const daveLeft = nextEvent<Frame>(alice, 'call.left');
    await dave.request('call.reject', { callId });
    expect(await daveLeft).toMatchObject({ user: 'dave' });
    await expect(dave.request('call.accept', { callId })).rejects.toMatchObject({ code: 'NO_SUCH_CALL' });

    // bob's connection drops: the others see him leave; three were in, two remain.
    const bobLeft = [nextEvent<Frame>(alice, 'call.left'), nextEvent<Frame>(carol, 'call.left')];
    bob.destroy();
    for (const l of await Promise.all(bobLeft)) expect(l).toMatchObject({ callId, user: 'bob' });
    const ended = nextEvent<Frame>(carol, 'call.ended');
    const message = nextEvent<MessageFrame>(carol, 'message');
    await alice.request('call.hangup', { callId });
    expect(await ended).toMatchObject({ reason: 'hangup' });
    expect(await message).toMatchObject({
      kind: 'group',
      from: 'alice',
      to: ['bob', 'carol', 'dave'],
      call: { callId, outcome: 'answered' },
    });
  });

  it('answers bad calls with their codes', async () => {
    const alice = await login('alice');
    await expect(alice.request('call.invite', { to: 'nobody-here', media: 'audio' })).rejects.toMatchObject({
      code: 'NO_SUCH_USER',
    });
    await expect(alice.request('call.invite', { to: 'alice', media: 'audio' })).rejects.toMatchObject({
      code: 'SELF_MESSAGE',
    });
    await expect(alice.request('call.invite', { to: 'erin', media: 'audio' })).rejects.toMatchObject({
      code: 'USER_OFFLINE',
    });
    await expect(alice.request('call.invite', { to: '*', media: 'audio' })).rejects.toMatchObject({
      code: 'INVALID',
    });
    await expect(
      alice.request('call.invite', { to: 'bob', media: 'hologram' } as never),
    ).rejects.toMatchObject({ code: 'INVALID' });
    await expect(
      alice.request('call.invite', { to: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'], media: 'audio' }),
    ).rejects.toMatchObject({ code: 'INVALID' });
    await expect(alice.request('call.accept', { callId: 'no-such-call' })).rejects.toMatchObject({
      code: 'NO_SUCH_CALL',
    });
    await expect(alice.request('call.reject', { callId: 'no-such-call' })).rejects.toMatchObject({
      code: 'NO_SUCH_CALL',
    });
    const anon = await edge.connect();
    clients.push(anon);
    await expect(anon.request('call.invite', { to: 'bob', media: 'audio' })).rejects.toMatchObject({
      code: 'NOT_AUTHENTICATED',
    });
  });
});
