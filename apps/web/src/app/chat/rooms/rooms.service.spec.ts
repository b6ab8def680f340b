import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { RoomInfo } from '@chat/protocol';

import { FakeWebSocket, LOGIN_OK } from '../../../testing/fake-websocket';
import { loggedInChat, message, settle } from '../../../testing/logged-in-chat';
import { ChatStore } from '../chat-store.service';
import { EVERYONE } from '../conversation';
import { ConversationStore } from '../conversation-store.service';
import { RoomsService } from './rooms.service';

const DEV: RoomInfo = {
  room: '#dev',
  topic: 'Builds',
  private: false,
  owner: 'alice',
  members: 2,
  joined: true,
};

describe(RoomsService.name, () => {
  let chat: ChatStore;
  let ws: FakeWebSocket;
  let http: HttpTestingController;
  let sut: RoomsService;
  let store: ConversationStore;

  beforeEach(async () => {
    ({ store: chat, ws, http } = await loggedInChat());
    http.match(() => true);
    sut = TestBed.inject(RoomsService);
    store = TestBed.inject(ConversationStore);
  });

  afterEach(() => chat.reset());

  const room = (key = 'r:#dev') => store.get(key);

  it('creates a room over the socket and lists it with what the server said of it', async () => {
    const created = sut.create({ room: '#dev', topic: 'Builds', private: false });
    expect(ws.lastSent('room.create')).toMatchObject({ room: '#dev', topic: 'Builds', private: false });
    ws.ok('room.create', { room: DEV });
    expect(await created).toBe('r:#dev');
    expect(room()).toMatchObject({ kind: 'room', title: '#dev', room: DEV, members: [] });
    expect(chat.conversations().map((c) => c.key)).toEqual([EVERYONE, 'r:#dev']);
  });

  it('files room messages in the room, counting them unread until it is opened', () => {
    ws.receive({ type: 'room.joined', room: '#dev', user: 'alice' });
    ws.receive(message({ seq: 42, msgId: 'm42', kind: 'room', to: '#dev', text: 'build is green' }));
    expect(room()?.messages.map((m) => m.text)).toEqual(['build is green']);
    expect(room()?.unread).toBe(1);
    expect(store.get(EVERYONE)?.messages).toEqual([]);
  });

  it('joins a room one was invited to and opens it', async () => {
    const joined = sut.join('#ops');
    ws.ok('room.join', { room: { ...DEV, room: '#ops', private: true } });
    expect(await joined).toBe('r:#ops');
    expect(chat.activeKey()).toBe('r:#ops');
    expect(room('r:#ops')?.room?.private).toBe(true);
  });

  it('follows the events: own join described by room.list, others counted, topic, removal and deletion', async () => {
    ws.receive({ type: 'room.joined', room: '#dev', user: 'alice' });
    expect(ws.lastSent('room.list')).toMatchObject({ search: 'dev' });
    ws.ok('room.list', { rooms: [DEV] });
    await settle();
    expect(room()?.room).toEqual(DEV);

    ws.receive({ type: 'room.joined', room: '#dev', user: 'carol' });
    expect(room()?.room?.members).toBe(3);
    ws.receive({ type: 'room.left', room: '#dev', user: 'bob' });
    expect(room()?.room?.members).toBe(2);
    ws.receive({ type: 'room.topic', room: '#dev', topic: 'Release Friday', by: 'alice' });
    expect(room()?.room?.topic).toBe('Release Friday');

    chat.select('r:#dev');
    ws.receive({ type: 'room.kicked', room: '#dev', by: 'bob', reason: 'spam' });
    expect(room()).toBeUndefined();
    expect(chat.activeKey()).toBe(EVERYONE);
    expect(chat.notices().at(-1)?.text).toBe('You were removed from #dev by bob: spam');

    ws.receive({ type: 'room.joined', room: '#ops', user: 'alice' });
    ws.receive({ type: 'room.deleted', room: '#ops', by: 'root' });
    expect(room('r:#ops')).toBeUndefined();
    expect(chat.notices().at(-1)?.text).toBe('#ops was deleted by root');
  });

  it('keeps the members of the open room current, and says who may moderate it', async () => {
    store.addRoom('#dev', DEV);
    const loaded = sut.loadMembers('#dev');
    ws.ok('room.members', { members: ['alice', 'bob'], online: ['alice', 'bob'] });
    await loaded;
    ws.receive({ type: 'room.joined', room: '#dev', user: 'Carol' });
    ws.receive({ type: 'room.left', room: '#dev', user: 'BOB' });
    expect(sut.members().get('#dev')).toEqual(['alice', 'Carol']);
    expect(sut.canModerate(room() ?? null)).toBe(true);
    store.addRoom('#ops', { ...DEV, room: '#ops', owner: 'bob' });
    expect(sut.canModerate(room('r:#ops') ?? null)).toBe(false);
  });

  it('lists the rooms a log-in names, drops those no longer the user’s, and describes them', async () => {
    store.addRoom('#dev', DEV);
    sut.onLogin({ ...LOGIN_OK, role: 'user', rooms: ['#ops'] });
    expect(room()).toBeUndefined();
    expect(room('r:#ops')).toMatchObject({ kind: 'room', title: '#ops' });
    ws.ok('room.list', {
      rooms: [
        { ...DEV, room: '#ops', topic: 'On call' },
        { ...DEV, room: '#art', joined: false },
      ],
    });
    await settle();
    expect(room('r:#ops')?.room?.topic).toBe('On call');
    expect(room('r:#art')).toBeUndefined();
  });

  it('asks again, on a new log-in, for the members shown; forgets those of a room no longer the user’s', async () => {
    store.addRoom('#dev', DEV);
    store.addRoom('#ops', { ...DEV, room: '#ops' });
    for (const name of ['#dev', '#ops']) {
      const loaded = sut.loadMembers(name);
      ws.ok('room.members', { members: ['alice', 'bob'], online: [] });
      await loaded;
    }
    const asked = ws.sent.filter((f) => f['type'] === 'room.members').length;

    sut.onLogin({ ...LOGIN_OK, role: 'user', rooms: ['#dev'] });
    expect(ws.sent.filter((f) => f['type'] === 'room.members')).toHaveLength(asked + 1);
    expect(ws.lastSent('room.members')).toMatchObject({ room: '#dev' });
    ws.ok('room.members', { members: ['alice', 'carol'], online: [] });
    await settle();
    expect(sut.members().get('#dev')).toEqual(['alice', 'carol']);
    expect(sut.members().has('#ops')).toBe(false);
  });

  it('offers to join a room one is invited to; Join joins it, opens it and loads its history', async () => {
    ws.receive({ type: 'room.invited', room: '#ops', by: 'bob' });
    TestBed.tick();
    const snackBar = document.querySelector('mat-snack-bar-container');
    expect(snackBar?.textContent).toContain('bob invited you to #ops');
    const join = snackBar?.querySelector<HTMLButtonElement>('button');
    expect(join?.textContent?.trim()).toBe('Join');
    join?.click();

    expect(ws.lastSent('room.join')).toMatchObject({ room: '#ops' });
    ws.ok('room.join', { room: { ...DEV, room: '#ops', private: true } });
    await settle();
    expect(chat.activeKey()).toBe('r:#ops');
    expect(ws.lastSent('history')).toMatchObject({ with: '#ops' });
  });

  it('leaves a room, forgetting its conversation', async () => {
    store.addRoom('#dev', DEV);
    const left = sut.leave('#dev');
    ws.ok('room.leave', { room: '#dev' });
    await left;
    expect(room()).toBeUndefined();
  });
});
