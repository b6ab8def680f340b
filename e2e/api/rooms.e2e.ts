import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageFrame } from '@chat/protocol';

import { eventually, nextEvent } from '../support/events';
import { SystemProcess } from '../support/system-process';

interface Room {
  room: string;
  topic: string;
  private: boolean;
  owner: string;
  members: number;
  joined: boolean;
}

/** Rooms over REST, seen where they take effect: on live TCP sessions of the real edge. */
describe('admin API: rooms (protocol.md §12 over HTTP)', () => {
  let sys: SystemProcess;
  let admin: string;
  let alice: string;
  let bob: string;
  let carol: string;
  const clients: ChatClient[] = [];
  const tcp = async (user: string): Promise<ChatClient> => {
    const c = await sys.tcp(user);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    sys = await SystemProcess.start();
    [admin, alice, bob, carol] = await Promise.all([
      sys.adminToken(),
      sys.token('alice'),
      sys.token('bob'),
      sys.token('carol'),
    ]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sys?.dispose();
  });

  const call = <T = Record<string, unknown>>(method: string, path: string, token: string, json?: unknown) =>
    sys.request<T>(method, path, { token, ...(json === undefined ? {} : { json }) });

  it('creates, gets, lists and joins a public room; its members hear the join live', async () => {
    const created = await call<Room>('POST', '/api/rooms', alice, { room: '#Dev', topic: 'Builds' });
    expect(created).toMatchObject({
      status: 201,
      body: { room: '#dev', topic: 'Builds', private: false, owner: 'alice', members: 1, joined: true },
    });
    expect((await call('POST', '/api/rooms', bob, { room: '#dev' })).body).toMatchObject({
      statusCode: 409,
      code: 'ROOM_EXISTS',
    });
    expect((await call('POST', '/api/rooms', bob, { room: 'dev' })).body).toMatchObject({
      statusCode: 400,
      code: 'INVALID_ROOM',
    });
    expect((await call('POST', '/api/rooms', bob, { topic: 'no name' })).body).toMatchObject({
      code: 'INVALID',
    });
    expect((await sys.request('GET', '/api/rooms')).status).toBe(401);

    const aliceLive = await tcp('alice');
    const heard = nextEvent(aliceLive, 'room.joined');
    const joined = await call<Room>('POST', '/api/rooms/dev/join', bob);
    expect(joined).toMatchObject({ status: 200, body: { room: '#dev', members: 2, joined: true } });
    expect(await heard).toEqual({ type: 'room.joined', room: '#dev', user: 'bob' });

    expect((await call<Room>('GET', '/api/rooms/%23dev', carol)).body).toMatchObject({
      room: '#dev',
      joined: false,
    });
    const listed = await call<{ rooms: Room[] }>('GET', '/api/rooms?search=BUILD', carol);
    expect(listed.body.rooms.map((r) => r.room)).toEqual(['#dev']);
    const members = await call('GET', '/api/rooms/dev/members', carol);
    expect(members.body).toEqual({ members: ['alice', 'bob'], online: ['alice'] });
  });

  it('sends room history through GET /api/messages?with=%23name to members only', async () => {
    await call('POST', '/api/rooms', alice, { room: '#history' });
    const aliceLive = await tcp('alice');
    await aliceLive.request('send', { to: '#history', text: 'for the record' });

    const history = await call<{ messages: MessageFrame[] }>('GET', '/api/messages?with=%23history', alice);
    expect(history.status).toBe(200);
    expect(history.body.messages).toMatchObject([{ kind: 'room', to: '#history', text: 'for the record' }]);
    expect((await call('GET', '/api/messages?with=%23history', bob)).body).toMatchObject({
      statusCode: 403,
      code: 'NOT_IN_ROOM',
    });
  });

  it('keeps a private room out of outsiders’ sight: list, get, join, members, history and its files', async () => {
    await call('POST', '/api/rooms', alice, { room: '#hush', private: true });
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('secret bytes')], { type: 'text/plain' }), 'secret.txt');
    const upload = await sys.request<{ id: string }>('POST', '/api/files', { token: alice, body: form });
    expect(upload.status).toBe(201);
    const aliceLive = await tcp('alice');
    await aliceLive.request('send', { to: '#hush', fileId: upload.body.id });

    expect(
      (await call<{ rooms: Room[] }>('GET', '/api/rooms', carol)).body.rooms.map((r) => r.room),
    ).not.toContain('#hush');
    for (const [method, path] of [
      ['GET', '/api/rooms/hush'],
      ['POST', '/api/rooms/hush/join'],
      ['GET', '/api/rooms/hush/members'],
      ['GET', '/api/messages?with=%23hush'],
    ]) {
      expect((await call(method, path, carol)).body, `${method} ${path}`).toMatchObject({
        statusCode: 404,
        code: 'NO_SUCH_ROOM',
      });
    }
    expect((await call('GET', `/api/files/${upload.body.id}`, carol)).status).toBe(404);

    // Invited, carol joins; then the room's file is hers to download.
    const carolLive = await tcp('carol');
    const invited = nextEvent(carolLive, 'room.invited');
    expect((await call('POST', '/api/rooms/hush/invite', alice, { user: 'CAROL' })).body).toEqual({
      room: '#hush',
      user: 'carol',
    });
    expect(await invited).toEqual({ type: 'room.invited', room: '#hush', by: 'alice' });
    expect((await call('POST', '/api/rooms/hush/join', carol)).status).toBe(200);
    const download = await fetch(`${sys.baseUrl}/api/files/${upload.body.id}`, {
      headers: { authorization: `Bearer ${carol}` },
    });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('secret bytes');
    // Admins see every room.
    const all = await call<{ items: { room: string; private: boolean; members: number }[]; total: number }>(
      'GET',
      '/api/admin/rooms?search=hush',
      admin,
    );
    expect(all.body.items).toEqual([expect.objectContaining({ room: '#hush', private: true, members: 2 })]);
    expect((await call('GET', '/api/admin/rooms', alice)).status).toBe(403);
  });

  it('sets the topic (owner or admin), removes a member (banned too, then lifted), deletes a room; all live and audited', async () => {
    await call('POST', '/api/rooms', alice, { room: '#moderated' });
    await call('POST', '/api/rooms/moderated/join', bob);
    await call('POST', '/api/rooms/moderated/join', carol);
    const [bobLive, carolLive] = [await tcp('bob'), await tcp('carol')];

    expect((await call('PUT', '/api/rooms/moderated/topic', bob, { topic: 'mine' })).body).toMatchObject({
      statusCode: 403,
      code: 'FORBIDDEN',
    });
    const topic = nextEvent(carolLive, 'room.topic');
    expect(
      (await call<Room>('PUT', '/api/rooms/moderated/topic', alice, { topic: 'Be kind' })).body.topic,
    ).toBe('Be kind');
    expect(await topic).toEqual({ type: 'room.topic', room: '#moderated', topic: 'Be kind', by: 'alice' });

    expect((await call('DELETE', '/api/rooms/moderated/members/bob', carol)).status).toBe(403);
    const kicked = nextEvent(bobLive, 'room.kicked');
    const left = nextEvent(carolLive, 'room.left');
    const removed = await call(
      'DELETE',
      '/api/rooms/moderated/members/BOB?reason=spam&ban=true&minutes=60',
      admin,
    );
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ room: '#moderated', user: 'bob', until: expect.any(String) });
    expect(await kicked).toMatchObject({
      room: '#moderated',
      by: 'admin',
      reason: 'spam',
      until: removed.body.until,
    });
    expect(await left).toEqual({
      type: 'room.left',
      room: '#moderated',
      user: 'bob',
      by: 'admin',
      reason: 'spam',
    });
    // The edge's index learnt it through the control channel: bob hears the room no more.
    const alicesTcp = await tcp('alice');
    const bobHeard: MessageFrame[] = [];
    bobLive.on('message', (m: MessageFrame) => bobHeard.push(m));
    const carolHears = nextEvent<MessageFrame>(carolLive, 'message');
    await alicesTcp.request('send', { to: '#moderated', text: 'without bob' });
    expect((await carolHears).text).toBe('without bob');
    expect(bobHeard).toEqual([]);
    expect((await call('POST', '/api/rooms/moderated/join', bob)).body).toMatchObject({
      statusCode: 403,
      code: 'BANNED_FROM_ROOM',
    });
    expect((await call('DELETE', '/api/rooms/moderated/members/bob', alice)).body).toMatchObject({
      code: 'NOT_IN_ROOM',
    });
    expect((await call('DELETE', '/api/rooms/moderated/bans/bob', alice)).body).toEqual({
      room: '#moderated',
      user: 'bob',
    });
    expect((await call('POST', '/api/rooms/moderated/join', bob)).status).toBe(200);

    const deleted = nextEvent(carolLive, 'room.deleted');
    expect((await call('DELETE', '/api/rooms/moderated', carol)).status).toBe(403);
    expect((await call('DELETE', '/api/rooms/moderated', admin)).status).toBe(204);
    expect(await deleted).toEqual({ type: 'room.deleted', room: '#moderated', by: 'admin' });
    expect((await call('GET', '/api/rooms/moderated', alice)).status).toBe(404);

    await eventually(async () => {
      const audit = await call<{
        items: { action: string; actor: string; target: string | null; details: object }[];
      }>('GET', '/api/admin/audit?limit=10', admin);
      const rooms = audit.body.items.filter((e) => e.action.startsWith('room.'));
      expect(rooms.map((e) => [e.action, e.actor, e.target])).toEqual([
        ['room.delete', 'admin', null],
        ['room.unban', 'alice', 'bob'],
        ['room.ban', 'admin', 'bob'],
      ]);
      expect(rooms[0].details).toEqual({ room: '#moderated', owner: 'alice' });
    });
    const byAction = await call<{ total: number }>('GET', '/api/admin/audit?action=room.ban', admin);
    expect(byAction.body.total).toBe(1);
  });

  it('leaves a room over REST', async () => {
    await call('POST', '/api/rooms', alice, { room: '#brief' });
    await call('POST', '/api/rooms/brief/join', bob);
    expect((await call('POST', '/api/rooms/brief/leave', bob)).body).toEqual({ room: '#brief' });
    expect((await call('POST', '/api/rooms/brief/leave', bob)).body).toMatchObject({ code: 'NOT_IN_ROOM' });
    expect((await call('POST', '/api/rooms/nowhere/leave', bob)).body).toMatchObject({
      code: 'NO_SUCH_ROOM',
    });
  });
});
