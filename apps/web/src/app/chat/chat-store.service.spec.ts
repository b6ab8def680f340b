import { HttpTestingController, TestRequest } from '@angular/common/http/testing';

import { ConversationSummary } from '@chat/protocol';

import { FakeWebSocket, LOGIN_OK } from '../../testing/fake-websocket';
import { loggedInChat, message, settle } from '../../testing/logged-in-chat';
import { RECONNECT_MAX_MS } from '../core/chat-socket.service';
import { ChatStore } from './chat-store.service';
import { EVERYONE } from './conversation';

describe(ChatStore.name, () => {
  let sut: ChatStore;
  let ws: FakeWebSocket;
  let http: HttpTestingController;
  /** The api's conversation list, asked for on log-in (the test plays the api). */
  let listing: TestRequest;

  beforeEach(async () => {
    ({ store: sut, ws, http, listing } = await loggedInChat());
  });

  afterEach(() => {
    sut.reset();
    http.verify();
    vi.useRealTimers();
  });

  it('knows who is online from the login reply and presence events', () => {
    expect(sut.online()).toEqual(['alice', 'bob']);
    ws.receive({ type: 'presence', user: 'carol', status: 'online', count: 3 });
    ws.receive({ type: 'presence', user: 'bob', status: 'offline', count: 2 });
    expect(sut.online()).toEqual(['alice', 'carol']);
    expect(sut.onlineCount()).toBe(2);
  });

  it('notes a storm of arrivals as one notice, and takes who is online from the who that follows', async () => {
    vi.useFakeTimers();
    ws.receive({ type: 'presence.many', count: 301, arrived: 300, left: 1 });
    expect(sut.notices().map((n) => n.text)).toEqual(['300 joined, 1 left']);
    await vi.advanceTimersByTimeAsync(3_100);
    ws.ok('who', { online: ['alice', 'bob', 'zoe'], count: 3 });
    await settle();
    expect(sut.online()).toEqual(['alice', 'bob', 'zoe']);
  });

  it('notes who joined and who left, but not oneself, and not a presence it already knew', () => {
    ws.receive({ type: 'presence', user: 'carol', status: 'online', count: 3 });
    ws.receive({ type: 'presence', user: 'Carol', status: 'online', count: 3 });
    ws.receive({ type: 'presence', user: 'bob', status: 'offline', count: 2 });
    ws.receive({ type: 'presence', user: 'dave', status: 'offline', count: 2 });
    ws.receive({ type: 'presence', user: 'alice', status: 'offline', count: 1 });
    ws.receive({ type: 'presence', user: 'alice', status: 'online', count: 2 });

    expect(sut.notices().map((n) => [n.text, n.kind])).toEqual([
      ['carol joined', 'presence'],
      ['bob left', 'presence'],
    ]);
  });

  it('files private and group messages in their own conversations, counting unread', () => {
    ws.receive(message({ seq: 44, msgId: 'm44', kind: 'private', to: 'alice', text: 'psst' }));
    ws.receive(
      message({
        seq: 45,
        msgId: 'm45',
        kind: 'group',
        from: 'carol',
        to: ['alice', 'bob'],
        text: 'all 3',
        ts: '2026-11-22T10:05:00.000Z',
      }),
    );

    const list = sut.conversations();
    expect(list.map((c) => [c.key, c.title, c.unread])).toEqual([
      [EVERYONE, 'Everyone', 0],
      ['g:bob,carol', 'bob, carol', 1],
      ['u:bob', 'bob', 1],
    ]);

    sut.select('u:bob');
    expect(sut.conversations().find((c) => c.key === 'u:bob')?.unread).toBe(0);
  });

  it('after a gap in a replay, shows no message from before it, and pages the rest in with history', () => {
    ws.receive(message({ seq: 44, msgId: 'm44', kind: 'private', to: 'alice', text: 'before' }));
    ws.receive(message({ seq: 5001, msgId: 'm5001', kind: 'private', to: 'alice', text: 'replayed' }));
    ws.receive({ type: 'gap', after: 44, until: 5000 });
    const bob = () => sut.conversations().find((c) => c.key === 'u:bob')!;
    expect(bob().messages.map((m) => m.seq)).toEqual([5001]);
    expect(bob()).toMatchObject({ hasMore: true, historyLoaded: false });
    sut.select('u:bob');
    expect(ws.lastSent('history')).toMatchObject({ with: 'bob', before: 5001, limit: 50 });
  });

  it('opening a chat with users asks for its history with them', () => {
    sut.open(['carol', 'bob']);
    expect(sut.activeKey()).toBe('g:bob,carol');
    expect(ws.lastSent('history')).toMatchObject({ with: ['bob', 'carol'], limit: 50 });
  });

  describe('the conversation list from the api, after a reload', () => {
    const listed = (...conversations: ConversationSummary[]) => listing.flush({ conversations });
    const privateWithBob = (seq: number): ConversationSummary => ({
      kind: 'private',
      with: 'bob',
      last: message({
        seq,
        msgId: `m${seq}`,
        kind: 'private',
        from: 'alice',
        to: 'bob',
        text: 'see you',
        ts: '2026-11-22T09:30:00.000Z',
      }) as ConversationSummary['last'],
    });
    const groupWithBobAndCarol: ConversationSummary = {
      kind: 'group',
      with: ['bob', 'Carol'],
      last: message({
        seq: 20,
        msgId: 'm20',
        kind: 'group',
        from: 'Carol',
        to: ['alice', 'bob'],
        text: 'lunch?',
        ts: '2026-11-22T09:20:00.000Z',
      }) as ConversationSummary['last'],
    };

    it('lists each conversation with its last message, by recency, none unread', () => {
      listed(privateWithBob(30), groupWithBobAndCarol);

      expect(
        sut.conversations().map((c) => [c.key, c.title, c.unread, c.messages.map((m) => m.text)]),
      ).toEqual([
        [EVERYONE, 'Everyone', 0, []],
        ['u:bob', 'bob', 0, ['see you']],
        ['g:bob,carol', 'bob, Carol', 0, ['lunch?']],
      ]);
      expect(sut.conversations()[1].messages[0]).toMatchObject({ id: 'm30', seq: 30, mine: true });
    });

    it('moves a listed conversation up when a message comes in, counted unread', () => {
      listed(privateWithBob(30), groupWithBobAndCarol);
      ws.receive(
        message({ seq: 41, msgId: 'm41', kind: 'group', from: 'bob', to: ['alice', 'Carol'], text: 'yes' }),
      );

      expect(sut.conversations().map((c) => [c.key, c.unread, c.messages.map((m) => m.text)])).toEqual([
        [EVERYONE, 0, []],
        ['g:bob,carol', 1, ['lunch?', 'yes']],
        ['u:bob', 0, ['see you']],
      ]);
    });

    it('leaves a last message newer than the log-in to the live stream, which counts it unread', () => {
      const sinceLogIn = message({ seq: LOGIN_OK.seq + 1, msgId: 'm-new', kind: 'private', to: 'alice' });
      listed({ kind: 'private', with: 'bob', last: sinceLogIn as ConversationSummary['last'] });
      expect(sut.conversations().map((c) => [c.key, c.messages.length])).toEqual([
        [EVERYONE, 0],
        ['u:bob', 0],
      ]);

      ws.receive(sinceLogIn);
      expect(sut.conversations()[1]).toMatchObject({ key: 'u:bob', unread: 1 });
      expect(sut.conversations()[1].messages.map((m) => m.id)).toEqual(['m-new']);
    });

    it('selecting a listed conversation loads the history before its last message', async () => {
      listed(privateWithBob(30));
      sut.select('u:bob');
      expect(ws.lastSent('history')).toMatchObject({ with: 'bob', before: 30, limit: 50 });

      ws.ok('history', { messages: [message({ seq: 29, msgId: 'm29', kind: 'private', to: 'alice' })] });
      await settle();
      expect(sut.active()).toMatchObject({ hasMore: false, historyLoaded: true });
      expect(sut.active()?.messages.map((m) => m.id)).toEqual(['m29', 'm30']);
    });

    it('without the list (the api failed), conversations come from live messages as before', () => {
      listing.flush({ code: 'INTERNAL' }, { status: 500, statusText: 'Internal Server Error' });
      expect(sut.conversations().map((c) => c.key)).toEqual([EVERYONE]);

      ws.receive(message({ seq: 41, msgId: 'm41', kind: 'private', to: 'alice' }));
      expect(sut.conversations().map((c) => [c.key, c.unread])).toEqual([
        [EVERYONE, 0],
        ['u:bob', 1],
      ]);
    });

    it('asks once per session: a reconnect catches up with since instead', async () => {
      listed(privateWithBob(30));
      vi.useFakeTimers();
      ws.drop();
      vi.advanceTimersByTime(RECONNECT_MAX_MS);
      const again = FakeWebSocket.latest();
      again.open();
      again.ok('login', { ...LOGIN_OK, seq: 45 });
      await settle();

      expect(sut.connection()).toBe('online');
      http.expectNone((req) => req.url === '/api/conversations');
    });
  });
});
