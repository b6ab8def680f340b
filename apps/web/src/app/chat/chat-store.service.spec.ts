import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { FakeWebSocket, LOGIN_OK } from '../../testing/fake-websocket';
import { WEBSOCKET_FACTORY } from '../core/chat-socket.service';
import { ClientConfigService } from '../core/client-config.service';
import { ChatStore } from './chat-store.service';
import { EVERYONE } from './conversation';

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe(ChatStore.name, () => {
  let sut: ChatStore;
  let ws: FakeWebSocket;

  beforeEach(async () => {
    FakeWebSocket.reset();
    sessionStorage.setItem('chat.session', JSON.stringify({ token: 't', username: 'alice', role: 'user' }));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: WEBSOCKET_FACTORY, useValue: (url: string) => new FakeWebSocket(url) },
        { provide: ClientConfigService, useValue: { wsUrl: async () => 'ws://test/ws' } },
      ],
    });
    sut = TestBed.inject(ChatStore);
    await sut.start();
    ws = FakeWebSocket.latest();
    ws.open();
    ws.ok('login', LOGIN_OK);
    await settle();
    // The first page of everyone's history.
    ws.ok('history', { messages: [] });
    await settle();
  });

  afterEach(() => sut.reset());

  const message = (over: Record<string, unknown>) => ({
    type: 'message',
    seq: 41,
    msgId: 'm41',
    ts: '2026-11-22T10:00:00.000Z',
    from: 'bob',
    to: '*',
    kind: 'all',
    text: 'hi',
    ...over,
  });

  it('knows who is online from the login reply and presence events', () => {
    expect(sut.online()).toEqual(['alice', 'bob']);
    ws.receive({ type: 'presence', user: 'carol', status: 'online', count: 3 });
    ws.receive({ type: 'presence', user: 'bob', status: 'offline', count: 2 });
    expect(sut.online()).toEqual(['alice', 'carol']);
    expect(sut.onlineCount()).toBe(2);
  });

  it('shows a sent message as sending, then sent, without a duplicate from the echo', async () => {
    const sending = sut.send('hello all');
    expect(sut.active()?.messages.map((m) => [m.text, m.state])).toEqual([['hello all', 'sending']]);
    expect(ws.lastSent('send')).toMatchObject({ to: '*', text: 'hello all' });

    ws.ok('send', { seq: 42, ts: '2026-11-22T10:00:00.000Z', msgId: 'm42' });
    await sending;
    ws.receive(message({ seq: 42, msgId: 'm42', from: 'alice', text: 'hello all' }));

    expect(sut.active()?.messages.map((m) => [m.id, m.state, m.mine])).toEqual([['m42', 'sent', true]]);
  });

  it('marks a refused message failed, and retry sends it again', async () => {
    const sending = sut.send('too fast');
    ws.error('send', 'RATE_LIMITED', 'Too many messages; slow down', { retryAfterMs: 100 });
    await sending;
    const failed = sut.active()?.messages[0];
    expect(failed).toMatchObject({ state: 'failed', error: 'Too many messages; slow down' });

    const retry = sut.retry(EVERYONE, failed?.id ?? '');
    ws.ok('send', { seq: 43, ts: '2026-11-22T10:00:01.000Z', msgId: 'm43' });
    await retry;
    expect(sut.active()?.messages.map((m) => [m.id, m.state])).toEqual([['m43', 'sent']]);
  });

  it('a MUTED refusal sets the muted state with until', async () => {
    const sending = sut.send('hi');
    ws.error('send', 'MUTED', 'You are muted', { until: '2030-01-01T00:00:00.000Z' });
    await sending;
    expect(sut.muted()).toEqual({ until: '2030-01-01T00:00:00.000Z' });
    ws.receive({ type: 'unmuted' });
    expect(sut.muted()).toBeNull();
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

  it('loads older history page by page with before = the oldest seq shown, until a short page', async () => {
    const page = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        message({ seq: from + i, msgId: `m${from + i}`, kind: 'private', to: 'alice', text: `#${from + i}` }),
      );
    sut.open(['bob']);
    ws.ok('history', { messages: page(100, 50) });
    await settle();
    expect(sut.active()?.hasMore).toBe(true);

    const older = sut.loadOlder();
    expect(ws.lastSent('history')).toMatchObject({ with: 'bob', before: 100, limit: 50 });
    ws.ok('history', { messages: page(90, 10) });
    await older;

    const c = sut.active();
    expect(c?.messages.map((m) => m.seq)).toEqual([...Array(60).keys()].map((i) => 90 + i));
    expect(c?.hasMore).toBe(false);
    await sut.loadOlder();
    expect(ws.sent.filter((f) => f['type'] === 'history')).toHaveLength(3); // no request past the start
  });

  it('opening a chat with users asks for its history with them', () => {
    sut.open(['carol', 'bob']);
    expect(sut.activeKey()).toBe('g:bob,carol');
    expect(ws.lastSent('history')).toMatchObject({ with: ['bob', 'carol'], limit: 50 });
  });
});
