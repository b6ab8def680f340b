import { TestBed } from '@angular/core/testing';
import { firstValueFrom, take, toArray } from 'rxjs';

import { ChatError, EventFrame } from '@chat/protocol';

import { FakeWebSocket, LOGIN_OK } from '../../testing/fake-websocket';
import { ChatSocket, ConnectionLostError, RECONNECT_MAX_MS, WEBSOCKET_FACTORY } from './chat-socket.service';

describe(ChatSocket.name, () => {
  let sut: ChatSocket;

  beforeEach(() => {
    FakeWebSocket.reset();
    TestBed.configureTestingModule({
      providers: [{ provide: WEBSOCKET_FACTORY, useValue: (url: string) => new FakeWebSocket(url) }],
    });
    sut = TestBed.inject(ChatSocket);
  });

  afterEach(() => {
    sut.disconnect();
    vi.useRealTimers();
  });

  /** Lets the promise callbacks (the login reply's) run. */
  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }

  async function connectAndLogIn(): Promise<FakeWebSocket> {
    sut.connect('ws://chat.test:8081/ws', 'the-token');
    const ws = FakeWebSocket.latest();
    ws.open();
    ws.ok('login', LOGIN_OK);
    await settle();
    return ws;
  }

  it('logs in with the token, without since the first time', async () => {
    const loggedIn = firstValueFrom(sut.loggedIn$);
    const ws = await connectAndLogIn();

    expect(ws.url).toBe('ws://chat.test:8081/ws');
    expect(ws.sent[0]).toEqual({ type: 'login', id: expect.any(String), token: 'the-token' });
    expect(await loggedIn).toEqual(LOGIN_OK);
    expect(sut.state()).toBe('online');
    expect(sut.lastSeq).toBe(40);
  });

  it('resolves a request with its ok reply fields and rejects with the ChatError of an error reply', async () => {
    const ws = await connectAndLogIn();

    const sent = sut.request('send', { to: '*', text: 'hi' });
    ws.ok('send', { seq: 41, ts: '2026-11-22T10:00:00.000Z', msgId: 'm41' });
    expect(await sent).toEqual({ seq: 41, ts: '2026-11-22T10:00:00.000Z', msgId: 'm41' });

    const muted = sut.request('send', { to: '*', text: 'again' });
    ws.error('send', 'MUTED', 'You are muted', { until: '2026-11-22T11:00:00.000Z' });
    const err = await muted.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({ code: 'MUTED', details: { until: '2026-11-22T11:00:00.000Z' } });
  });

  it('passes events on and tracks the highest seq seen', async () => {
    const ws = await connectAndLogIn();
    const events = firstValueFrom(sut.events$.pipe(take(2), toArray()));

    ws.receive({
      type: 'message',
      seq: 45,
      msgId: 'm45',
      ts: 'x',
      from: 'bob',
      to: '*',
      kind: 'all',
      text: 'a',
    });
    ws.receive({ type: 'presence', user: 'carol', status: 'online', count: 3 });

    expect(((await events) as EventFrame[]).map((e) => e.type)).toEqual(['message', 'presence']);
    expect(sut.lastSeq).toBe(45);
  });

  it('answers the server ping', async () => {
    const ws = await connectAndLogIn();
    ws.receive({ type: 'ping' });
    expect(ws.sent.at(-1)).toEqual({ type: 'ping' });
  });

  it('reconnects after a drop with backoff and since = the highest seq seen, failing what was in flight', async () => {
    vi.useFakeTimers();
    const first = await connectAndLogIn();
    first.receive({
      type: 'message',
      seq: 47,
      msgId: 'm47',
      ts: 'x',
      from: 'bob',
      to: '*',
      kind: 'all',
      text: 'a',
    });
    const inFlight = sut.request('who');

    first.drop();
    await expect(inFlight).rejects.toBeInstanceOf(ConnectionLostError);
    expect(sut.state()).toBe('reconnecting');

    vi.advanceTimersByTime(RECONNECT_MAX_MS);
    const second = FakeWebSocket.latest();
    expect(second).not.toBe(first);
    second.open();
    expect(second.lastSent('login')).toMatchObject({ token: 'fresh-token', since: 47 });
    second.ok('login', { ...LOGIN_OK, seq: 50 });
    await settle();
    expect(sut.state()).toBe('online');
    expect(sut.lastSeq).toBe(47);
  });

  it('stops for good when banned, and does not reconnect', async () => {
    vi.useFakeTimers();
    const ws = await connectAndLogIn();

    ws.receive({ type: 'banned', by: 'admin', reason: 'spam', until: null });
    ws.drop();
    vi.advanceTimersByTime(RECONNECT_MAX_MS * 2);

    expect(sut.state()).toBe('stopped');
    expect(sut.stopReason()).toEqual({ kind: 'banned', by: 'admin', reason: 'spam', until: null });
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('stops when the server refuses the token', async () => {
    sut.connect('ws://chat.test:8081/ws', 'stale');
    const ws = FakeWebSocket.latest();
    ws.open();
    ws.error('login', 'BANNED', 'You are banned', { until: null });
    await settle();

    expect(sut.state()).toBe('stopped');
    expect(sut.stopReason()).toMatchObject({ kind: 'refused', error: { code: 'BANNED' } });
  });

  it('logs out: sends logout, and stops for good once the server has answered and the socket is closed', async () => {
    const ws = await connectAndLogIn();
    sut.logout();
    ws.ok('logout');
    await settle();
    await settle();

    expect(ws.closed).toBe(true);
    expect(sut.state()).toBe('stopped');
    expect(sut.stopReason()).toEqual({ kind: 'logout' });
  });

  it('rejects requests while offline', async () => {
    await expect(sut.request('who')).rejects.toBeInstanceOf(ConnectionLostError);
  });
});
