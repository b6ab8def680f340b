import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { FakeWebSocket } from '../../testing/fake-websocket';
import { loggedInChat, message, settle } from '../../testing/logged-in-chat';
import { ChatStore } from './chat-store.service';
import { EVERYONE } from './conversation';
import { ConversationStore } from './conversation-store.service';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('read state in the tab', () => {
  let chat: ChatStore;
  let ws: FakeWebSocket;
  let http: HttpTestingController;
  let store: ConversationStore;

  beforeEach(async () => {
    ({ store: chat, ws, http } = await loggedInChat());
    http.match(() => true);
    store = TestBed.inject(ConversationStore);
  });

  afterEach(() => chat.reset());

  it('takes the server’s unread counts, and does not count again what they include', () => {
    store.setUnread(
      [
        { with: 'bob', count: 3 },
        { with: ['bob', 'carol'], count: 1 },
        { with: '#dev', count: 2 },
      ],
      50,
    );
    expect(store.get('u:bob')?.unread).toBe(3);
    expect(store.get('g:bob,carol')?.unread).toBe(1);
    expect(store.get('r:#dev')?.unread).toBe(2);
    expect(chat.unreadTotal()).toBe(6);

    // Replayed through `since` (seq up to the log-in's): counted already.
    ws.receive(message({ seq: 49, msgId: 'm49', kind: 'private', to: 'alice', text: 'old' }));
    expect(store.get('u:bob')?.unread).toBe(3);
    ws.receive(message({ seq: 51, msgId: 'm51', kind: 'private', to: 'alice', text: 'new' }));
    expect(store.get('u:bob')?.unread).toBe(4);

    // A new log-in's counts replace them: what is not listed has none.
    store.setUnread([{ with: '#dev', count: 1 }], 60);
    expect([store.get('u:bob')?.unread, store.get('r:#dev')?.unread, chat.unreadTotal()]).toEqual([0, 1, 1]);
  });

  it('tells the server how far the open conversation is read, once for a burst', async () => {
    expect(chat.activeKey()).toBe(EVERYONE);
    ws.receive(message({ seq: 41, msgId: 'm41', text: 'one' }));
    ws.receive(message({ seq: 42, msgId: 'm42', text: 'two' }));
    await wait(600);
    expect(ws.sent.filter((f) => f['type'] === 'read')).toEqual([
      expect.objectContaining({ type: 'read', with: '*', seq: 42 }),
    ]);
    ws.ok('read', { with: '*', seq: 42 });
    await settle();
    // Nothing new: nothing more told.
    await wait(500);
    expect(ws.sent.filter((f) => f['type'] === 'read')).toHaveLength(1);
  });

  it('tells the mark of a conversation left before its delay ran out', async () => {
    ws.receive(message({ seq: 45, msgId: 'm45', kind: 'private', to: 'alice', text: 'psst' }));
    ws.receive(message({ seq: 46, msgId: 'm46', text: 'to everyone' }));
    TestBed.tick();
    chat.select('u:bob');
    TestBed.tick(); // the marker's effect sees bob's chat open
    chat.select(EVERYONE);
    TestBed.tick();
    await wait(600);
    const reads = ws.sent.filter((f) => f['type'] === 'read');
    expect(reads).toContainEqual(expect.objectContaining({ type: 'read', with: 'bob', seq: 45 }));
    expect(reads).toContainEqual(expect.objectContaining({ type: 'read', with: '*', seq: 46 }));
  });

  it('clears what another device read', () => {
    ws.receive(message({ seq: 43, msgId: 'm43', kind: 'private', to: 'alice', text: 'a' }));
    ws.receive(message({ seq: 44, msgId: 'm44', kind: 'private', to: 'alice', text: 'b' }));
    expect(store.get('u:bob')?.unread).toBe(2);
    ws.receive({ type: 'read', with: 'bob', seq: 43 });
    expect(store.get('u:bob')?.unread).toBe(1);
    ws.receive({ type: 'read', with: 'bob', seq: 44 });
    expect(store.get('u:bob')?.unread).toBe(0);
  });
});
