import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { FakeWebSocket } from '../../testing/fake-websocket';
import { loggedInChat, message, settle } from '../../testing/logged-in-chat';
import { ChatHistory } from './chat-history.service';
import { ChatStore } from './chat-store.service';

describe(ChatHistory.name, () => {
  let sut: ChatHistory;
  let store: ChatStore;
  let ws: FakeWebSocket;
  let http: HttpTestingController;

  beforeEach(async () => {
    const chat = await loggedInChat();
    ({ store, ws, http } = chat);
    chat.listing.flush({ conversations: [] });
    sut = TestBed.inject(ChatHistory);
  });

  afterEach(() => {
    store.reset();
    http.verify();
  });

  it('loads older history page by page with before = the oldest seq shown, until a short page', async () => {
    const page = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        message({ seq: from + i, msgId: `m${from + i}`, kind: 'private', to: 'alice', text: `#${from + i}` }),
      );
    store.open(['bob']);
    ws.ok('history', { messages: page(100, 50) });
    await settle();
    expect(store.active()?.hasMore).toBe(true);

    const older = sut.loadOlder(store.activeKey());
    expect(ws.lastSent('history')).toMatchObject({ with: 'bob', before: 100, limit: 50 });
    ws.ok('history', { messages: page(90, 10) });
    await older;

    const c = store.active();
    expect(c?.messages.map((m) => m.seq)).toEqual([...Array(60).keys()].map((i) => 90 + i));
    expect(c?.hasMore).toBe(false);
    await sut.loadOlder(store.activeKey());
    expect(ws.sent.filter((f) => f['type'] === 'history')).toHaveLength(3); // no request past the start
  });

  it('asks for nothing while offline', async () => {
    store.open(['bob']);
    ws.drop();
    await sut.loadOlder(store.activeKey());
    await settle();
    expect(ws.sent.filter((f) => f['type'] === 'history')).toHaveLength(2); // everyone's and bob's first pages
    expect(store.active()).toMatchObject({ loading: false, historyLoaded: false });
  });
});
