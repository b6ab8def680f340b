import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageFrame, RoomInfo } from '@chat/protocol';

import { EdgeProcess } from './support/edge-process';
import { collect, eventually, nextEvent } from './support/events';
import { WsPeer } from './support/ws-peer';

type Frame = Record<string, unknown>;

describe('rooms over TCP and WebSocket (protocol.md §12)', () => {
  let edge: EdgeProcess;
  const clients: ChatClient[] = [];
  const login = async (user: string): Promise<ChatClient> => {
    const c = await edge.login(user);
    clients.push(c);
    return c;
  };
  /** Logs in with `since`, collecting from before the reply: what the replay and then live bring. */
  const replayOf = async (
    user: string,
    since: number,
  ): Promise<{ client: ChatClient; got: MessageFrame[] }> => {
    const client = await edge.connect();
    clients.push(client);
    const got = collect<MessageFrame>(client, 'message');
    await client.request('login', { user, password: `${user}-password`, since });
    return { client, got };
  };
  const texts = (messages: MessageFrame[]): (string | undefined)[] => messages.map((m) => m.text);

  beforeAll(async () => {
    edge = await EdgeProcess.start();
    for (const u of ['alice', 'bob', 'carol', 'dave', 'erin']) (await edge.login(u)).close();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await edge.dispose();
  });

  it('says rooms in hello, and the login reply names the caller’s rooms', async () => {
    const c = await edge.connect();
    clients.push(c);
    expect((await c.hello).features).toContain('rooms');
    const erin = await login('erin');
    await erin.request('room.create', { room: '#Erins-Room' });
    const again = await edge.connect();
    clients.push(again);
    const reply = await again.request('login', { user: 'erin', password: 'erin-password' });
    expect(reply.rooms).toEqual(['#erins-room']);
  });

  it('creates a room (canonical name, owner first member), refuses a taken name in any case and a bad name', async () => {
    const alice = await login('alice');
    const joined = nextEvent<Frame>(alice, 'room.joined');
    const { room } = await alice.request('room.create', { room: '#Dev', topic: ' Builds and bugs ' });
    expect(room).toEqual<RoomInfo>({
      room: '#dev',
      topic: 'Builds and bugs',
      private: false,
      owner: 'alice',
      members: 1,
      joined: true,
    });
    expect(await joined).toEqual({ type: 'room.joined', room: '#dev', user: 'alice' });
    await expect(alice.request('room.create', { room: '#DEV' })).rejects.toMatchObject({
      code: 'ROOM_EXISTS',
    });
    for (const bad of ['dev', '#d', '#has space', '#dots.not', `#${'x'.repeat(33)}`]) {
      await expect(alice.request('room.create', { room: bad })).rejects.toMatchObject({
        code: 'INVALID_ROOM',
      });
    }
    await expect(alice.request('room.join', { room: 'nohash' })).rejects.toMatchObject({
      code: 'INVALID_ROOM',
    });
  });

  it('joins a public room: every member’s connections hear it; messages reach every member’s connections in seq order, history and since cover them', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    const bobToo = await login('bob');
    const carol = await login('carol');
    await alice.request('room.create', { room: '#general-talk' });
    const aliceHears = nextEvent<Frame>(alice, 'room.joined');
    const bobTooHears = nextEvent<Frame>(bobToo, 'room.joined');
    const { room } = await bob.request('room.join', { room: '#General-Talk' });
    expect(room).toMatchObject({ room: '#general-talk', members: 2, joined: true, owner: 'alice' });
    expect(await aliceHears).toEqual({ type: 'room.joined', room: '#general-talk', user: 'bob' });
    expect(await bobTooHears).toMatchObject({ user: 'bob' });
    // Joining again changes nothing.
    expect((await bob.request('room.join', { room: '#general-talk' })).room.members).toBe(2);

    const atBob = collect<MessageFrame>(bob, 'message');
    const atBobToo = collect<MessageFrame>(bobToo, 'message');
    const atCarol = collect<MessageFrame>(carol, 'message');
    const first = await alice.request('send', { to: '#general-talk', text: 'one' });
    await carol.request('send', { to: '*', text: 'to everyone' });
    const last = await bob.request('send', { to: '#GENERAL-TALK', text: 'two' });
    await eventually(() => expect(texts(atBob)).toEqual(['one', 'to everyone', 'two']));
    await eventually(() => expect(texts(atBobToo)).toEqual(['one', 'to everyone', 'two']));
    expect(atBob[0]).toMatchObject({ kind: 'room', to: '#general-talk', from: 'alice', seq: first.seq });
    expect(atBob.map((m) => m.seq)).toEqual([...atBob.map((m) => m.seq)].sort((a, b) => a - b));
    await eventually(() => expect(texts(atCarol)).toContain('to everyone'));
    expect(texts(atCarol)).not.toContain('one');

    await expect(carol.request('send', { to: '#general-talk', text: 'let me in' })).rejects.toMatchObject({
      code: 'NOT_IN_ROOM',
    });
    await expect(carol.request('send', { to: '#nowhere', text: 'x' })).rejects.toMatchObject({
      code: 'NO_SUCH_ROOM',
    });
    await expect(carol.request('send', { to: ['bob', '#general-talk'], text: 'x' })).rejects.toMatchObject({
      code: 'INVALID',
    });
    const history = await bob.request('history', { with: '#general-talk' });
    expect(texts(history.messages)).toEqual(['one', 'two']);
    await expect(carol.request('history', { with: '#general-talk' })).rejects.toMatchObject({
      code: 'NOT_IN_ROOM',
    });
    const { got: replay } = await replayOf('bob', first.seq - 1);
    await eventually(() => expect(replay.map((m) => m.seq)).toContain(last.seq));
    expect(texts(replay)).toEqual(['one', 'to everyone', 'two']);
  });

  it('keeps a private room out of outsiders’ sight: list, join, members, history, send, since and its files', async () => {
    const alice = await login('alice');
    const dave = await login('dave');
    await alice.request('room.create', { room: '#secret', topic: 'hush', private: true });
    const data = Buffer.from('the plans, in a file');
    const file = await alice.upload(data, { name: 'plans.txt', mime: 'text/plain' });
    const sent = await alice.request('send', { to: '#secret', text: 'the plans', fileId: file.fileId });

    const { rooms } = await dave.request('room.list', {});
    expect(rooms.map((r) => r.room)).not.toContain('#secret');
    expect((await alice.request('room.list', {})).rooms.find((r) => r.room === '#secret')).toMatchObject({
      private: true,
      joined: true,
      topic: 'hush',
    });
    for (const [type, fields] of [
      ['room.join', { room: '#secret' }],
      ['room.members', { room: '#secret' }],
      ['room.invite', { room: '#secret', user: 'carol' }],
      ['room.topic', { room: '#secret', topic: 'mine now' }],
      ['history', { with: '#secret' }],
      ['send', { to: '#secret', text: 'hello?' }],
    ] as const) {
      await expect(dave.request(type, fields as never)).rejects.toMatchObject({ code: 'NO_SUCH_ROOM' });
    }
    await expect(dave.download(file.fileId)).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
    const { got: replay } = await replayOf('dave', sent.seq - 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(replay.map((m) => m.seq)).not.toContain(sent.seq);

    // Invited, dave may join; then the room's history, its files and since are his.
    const invited = nextEvent<Frame>(dave, 'room.invited');
    expect(await alice.request('room.invite', { room: '#secret', user: 'DAVE' })).toEqual({
      room: '#secret',
      user: 'dave',
    });
    expect(await invited).toEqual({ type: 'room.invited', room: '#secret', by: 'alice' });
    await dave.request('room.join', { room: '#secret' });
    expect(texts((await dave.request('history', { with: '#secret' })).messages)).toEqual(['the plans']);
    expect((await dave.download(file.fileId)).data?.equals(data)).toBe(true);
    const { got: later } = await replayOf('dave', sent.seq - 1);
    await eventually(() => expect(later.map((m) => m.seq)).toContain(sent.seq));
    expect(await dave.request('room.members', { room: '#secret' })).toEqual({
      members: ['alice', 'dave'],
      online: ['alice', 'dave'],
    });
    await expect(alice.request('room.invite', { room: '#secret', user: 'ghost' })).rejects.toMatchObject({
      code: 'NO_SUCH_USER',
    });
  });

  it('sets the topic (owner or admin only), telling the members', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    await alice.request('room.create', { room: '#topics' });
    await bob.request('room.join', { room: '#topics' });
    const heard = nextEvent<Frame>(bob, 'room.topic');
    const { room } = await alice.request('room.topic', { room: '#topics', topic: 'Release on Friday' });
    expect(room).toMatchObject({ room: '#topics', topic: 'Release on Friday', members: 2 });
    expect(await heard).toEqual({
      type: 'room.topic',
      room: '#topics',
      topic: 'Release on Friday',
      by: 'alice',
    });
    await expect(bob.request('room.topic', { room: '#topics', topic: 'mine' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const admin = await edge.admin();
    clients.push(admin);
    expect((await admin.request('room.topic', { room: '#topics', topic: 'by the admin' })).room.topic).toBe(
      'by the admin',
    );
  });

  it('removes a member (owner only): they get room.kicked, the others room.left; with ban they cannot come back until unbanned', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    const carol = await login('carol');
    await alice.request('room.create', { room: '#kicks' });
    await bob.request('room.join', { room: '#kicks' });
    await carol.request('room.join', { room: '#kicks' });
    await expect(carol.request('room.kick', { room: '#kicks', user: 'bob' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const kicked = nextEvent<Frame>(bob, 'room.kicked');
    const left = nextEvent<Frame>(carol, 'room.left');
    expect(await alice.request('room.kick', { room: '#kicks', user: 'bob', reason: 'spam' })).toEqual({
      room: '#kicks',
      user: 'bob',
    });
    expect(await kicked).toEqual({ type: 'room.kicked', room: '#kicks', by: 'alice', reason: 'spam' });
    expect(await left).toEqual({
      type: 'room.left',
      room: '#kicks',
      user: 'bob',
      by: 'alice',
      reason: 'spam',
    });
    await expect(bob.request('send', { to: '#kicks', text: 'still here?' })).rejects.toMatchObject({
      code: 'NOT_IN_ROOM',
    });
    await expect(alice.request('room.kick', { room: '#kicks', user: 'bob' })).rejects.toMatchObject({
      code: 'NOT_IN_ROOM',
    });

    // Kicked and banned: back only once unbanned.
    await bob.request('room.join', { room: '#kicks' });
    const banned = nextEvent<Frame>(bob, 'room.kicked');
    const reply = await alice.request('room.kick', { room: '#kicks', user: 'bob', ban: true, minutes: 60 });
    expect(Date.parse(reply.until as string)).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect(await banned).toMatchObject({ room: '#kicks', until: reply.until });
    await expect(bob.request('room.join', { room: '#kicks' })).rejects.toMatchObject({
      code: 'BANNED_FROM_ROOM',
      details: { until: reply.until },
    });
    await expect(carol.request('room.invite', { room: '#kicks', user: 'bob' })).rejects.toMatchObject({
      code: 'BANNED_FROM_ROOM',
    });
    await alice.request('room.unban', { room: '#kicks', user: 'bob' });
    expect((await bob.request('room.join', { room: '#kicks' })).room.members).toBe(3);
  });

  it('leaves a room: the members and the leaver’s connections hear it; leaving again is NOT_IN_ROOM', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    const bobToo = await login('bob');
    await alice.request('room.create', { room: '#leavers' });
    await bob.request('room.join', { room: '#leavers' });
    const heard = nextEvent<Frame>(alice, 'room.left');
    const ownOther = nextEvent<Frame>(bobToo, 'room.left');
    expect(await bob.request('room.leave', { room: '#leavers' })).toEqual({ room: '#leavers' });
    expect(await heard).toEqual({ type: 'room.left', room: '#leavers', user: 'bob' });
    expect(await ownOther).toMatchObject({ user: 'bob' });
    await expect(bob.request('room.leave', { room: '#leavers' })).rejects.toMatchObject({
      code: 'NOT_IN_ROOM',
    });
    const afterLeaving = collect<MessageFrame>(bob, 'message');
    await alice.request('send', { to: '#leavers', text: 'bob is gone' });
    await alice.request('send', { to: 'bob', text: 'a private word' });
    await eventually(() => expect(texts(afterLeaving)).toEqual(['a private word']));
  });

  it('deletes a room (owner or admin): members hear room.deleted; a new room of the name starts empty', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    await alice.request('room.create', { room: '#doomed' });
    await bob.request('room.join', { room: '#doomed' });
    await alice.request('send', { to: '#doomed', text: 'old news' });
    await expect(bob.request('room.delete', { room: '#doomed' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const deleted = nextEvent<Frame>(bob, 'room.deleted');
    expect(await alice.request('room.delete', { room: '#doomed' })).toEqual({ room: '#doomed' });
    expect(await deleted).toEqual({ type: 'room.deleted', room: '#doomed', by: 'alice' });
    await expect(bob.request('room.join', { room: '#doomed' })).rejects.toMatchObject({
      code: 'NO_SUCH_ROOM',
    });
    await bob.request('room.create', { room: '#doomed' });
    expect((await bob.request('history', { with: '#doomed' })).messages).toEqual([]);
  });

  it('lists public rooms and the caller’s own with member counts, searchable', async () => {
    const carol = await login('carol');
    await carol.request('room.create', { room: '#gardening', topic: 'Tomatoes mostly' });
    const { rooms } = await carol.request('room.list', { search: 'TOMATO' });
    expect(rooms).toEqual([
      {
        room: '#gardening',
        topic: 'Tomatoes mostly',
        private: false,
        owner: 'carol',
        members: 1,
        joined: true,
      },
    ]);
    const dave = await login('dave');
    expect((await dave.request('room.list', { search: 'garden' })).rooms[0]).toMatchObject({ joined: false });
  });

  it('speaks the same frames over WebSocket', async () => {
    const alice = await login('alice');
    await alice.request('room.create', { room: '#web' });
    const web = await WsPeer.open(edge.wsPort);
    web.send({ type: 'login', id: 'l', user: 'bob', password: 'bob-password' });
    expect(await web.reply('l')).toMatchObject({ type: 'ok', rooms: expect.any(Array) });
    web.send({ type: 'room.join', id: 'j', room: '#web' });
    expect(await web.reply('j')).toMatchObject({ type: 'ok', room: { room: '#web', members: 2 } });
    await alice.request('send', { to: '#web', text: 'to the browser' });
    await eventually(() =>
      expect(web.frames).toContainEqual(
        expect.objectContaining({ type: 'message', kind: 'room', to: '#web' }),
      ),
    );
    web.send({ type: 'room.members', id: 'm', room: '#web' });
    expect(await web.reply('m')).toMatchObject({ members: ['alice', 'bob'] });
    web.send({ type: 'room.join', id: 'x', room: '#none' });
    expect(await web.reply('x')).toMatchObject({ type: 'error', code: 'NO_SUCH_ROOM' });
    web.send({ type: 'room.create', id: 'c', room: 'no-hash' });
    expect(await web.reply('c')).toMatchObject({ type: 'error', code: 'INVALID_ROOM' });
    // Events reach the browser too: a join, the topic, a removal.
    const carol = await login('carol');
    await carol.request('room.join', { room: '#web' });
    await alice.request('room.topic', { room: '#web', topic: 'for browsers' });
    await alice.request('room.kick', { room: '#web', user: 'bob', reason: 'test' });
    await eventually(() =>
      expect(web.frames.map((f) => f.type)).toEqual(
        expect.arrayContaining(['room.joined', 'room.topic', 'room.left', 'room.kicked']),
      ),
    );
    expect(web.frames.find((f) => f.type === 'room.kicked')).toEqual({
      type: 'room.kicked',
      room: '#web',
      by: 'alice',
      reason: 'test',
    });
    web.send({ type: 'send', id: 's', to: '#web', text: 'still here?' });
    expect(await web.reply('s')).toMatchObject({ type: 'error', code: 'NOT_IN_ROOM' });
    web.ws.close();
  });

  it('keeps rooms, memberships, history and since across a restart', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    await alice.request('room.create', { room: '#durable' });
    await bob.request('room.join', { room: '#durable' });
    const before = await alice.request('send', { to: '#durable', text: 'before the restart' });
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await edge.restart();

    const { client: bobAgain, got: replay } = await replayOf('bob', before.seq - 1);
    await eventually(() => expect(texts(replay)).toContain('before the restart'));
    const aliceAgain = await login('alice');
    // The membership index was filled from the store: bob hears the room without joining again.
    await aliceAgain.request('send', { to: '#durable', text: 'after the restart' });
    await eventually(() => expect(texts(replay)).toContain('after the restart'));
    expect(texts((await bobAgain.request('history', { with: '#durable' })).messages)).toEqual([
      'before the restart',
      'after the restart',
    ]);
  });
});
