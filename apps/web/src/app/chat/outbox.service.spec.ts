import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { FakeWebSocket } from '../../testing/fake-websocket';
import { loggedInChat, message } from '../../testing/logged-in-chat';
import { ChatStatus } from './chat-status.service';
import { ChatStore } from './chat-store.service';
import { EVERYONE } from './conversation';
import { ConversationStore } from './conversation-store.service';
import { Outbox } from './outbox.service';

describe(Outbox.name, () => {
  let sut: Outbox;
  let store: ChatStore;
  let conversations: ConversationStore;
  let status: ChatStatus;
  let ws: FakeWebSocket;
  let http: HttpTestingController;

  beforeEach(async () => {
    const chat = await loggedInChat();
    ({ store, ws, http } = chat);
    chat.listing.flush({ conversations: [] });
    sut = TestBed.inject(Outbox);
    conversations = TestBed.inject(ConversationStore);
    status = TestBed.inject(ChatStatus);
  });

  afterEach(() => {
    store.reset();
    http.verify();
  });

  it('shows a sent message as sending, then sent, without a duplicate from the echo', async () => {
    const sending = sut.send('hello all');
    expect(conversations.active()?.messages.map((m) => [m.text, m.state])).toEqual([
      ['hello all', 'sending'],
    ]);
    expect(ws.lastSent('send')).toMatchObject({ to: '*', text: 'hello all' });

    ws.ok('send', { seq: 42, ts: '2026-11-22T10:00:00.000Z', msgId: 'm42' });
    await sending;
    ws.receive(message({ seq: 42, msgId: 'm42', from: 'alice', text: 'hello all' }));

    expect(conversations.active()?.messages.map((m) => [m.id, m.state, m.mine])).toEqual([
      ['m42', 'sent', true],
    ]);
  });

  it('marks a refused message failed, and retry sends it again', async () => {
    const sending = sut.send('too fast');
    ws.error('send', 'RATE_LIMITED', 'Too many messages; slow down', { retryAfterMs: 100 });
    await sending;
    const failed = conversations.active()?.messages[0];
    expect(failed).toMatchObject({ state: 'failed', error: 'Too many messages; slow down' });

    const retry = sut.retry(EVERYONE, failed?.id ?? '');
    ws.ok('send', { seq: 43, ts: '2026-11-22T10:00:01.000Z', msgId: 'm43' });
    await retry;
    expect(conversations.active()?.messages.map((m) => [m.id, m.state])).toEqual([['m43', 'sent']]);
  });

  it('a MUTED refusal sets the muted state with until', async () => {
    const sending = sut.send('hi');
    ws.error('send', 'MUTED', 'You are muted', { until: '2030-01-01T00:00:00.000Z' });
    await sending;
    expect(status.muted()).toEqual({ until: '2030-01-01T00:00:00.000Z' });
    ws.receive({ type: 'unmuted' });
    expect(status.muted()).toBeNull();
  });

  it('sends to a room by its name, the echo filed in the room; NOT_IN_ROOM marks it failed', async () => {
    ws.receive({ type: 'room.joined', room: '#dev', user: 'alice' });
    conversations.select('r:#dev');
    const sending = sut.send('hello room');
    expect(ws.lastSent('send')).toMatchObject({ to: '#dev', text: 'hello room' });
    ws.ok('send', { seq: 42, ts: '2026-11-22T10:00:00.000Z', msgId: 'm42' });
    await sending;
    ws.receive(
      message({ seq: 42, msgId: 'm42', from: 'alice', kind: 'room', to: '#dev', text: 'hello room' }),
    );
    expect(conversations.get('r:#dev')?.messages.map((m) => [m.id, m.state, m.mine])).toEqual([
      ['m42', 'sent', true],
    ]);

    const refused = sut.send('still here?');
    ws.error('send', 'NOT_IN_ROOM', 'You are not in #dev');
    await refused;
    expect(conversations.get('r:#dev')?.messages.at(-1)).toMatchObject({
      state: 'failed',
      error: 'You are not in #dev',
    });
    expect(conversations.get(EVERYONE)?.messages).toEqual([]);
  });

  it('marks a message failed with "connection lost" when the connection drops before the ok', async () => {
    const sending = sut.send('going, going');
    ws.drop();
    await sending;
    expect(conversations.active()?.messages[0]).toMatchObject({
      state: 'failed',
      error: 'Not sent: connection lost',
    });
  });
});
