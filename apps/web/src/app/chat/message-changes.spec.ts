import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { TYPING_RENEW_MS, TYPING_TTL_MS } from '@chat/protocol';

import { FakeWebSocket } from '../../testing/fake-websocket';
import { loggedInChat, message, settle } from '../../testing/logged-in-chat';
import { ChatStore } from './chat-store.service';
import { seenBy } from './conversation';
import { ReceiptsService } from './receipts.service';
import { TypingService, typingText } from './typing.service';

/** Edits, deletions, reactions, replies, typing and receipts as the chat store takes them from the socket. */
describe('message changes, typing and receipts in the chat store', () => {
  let sut: ChatStore;
  let ws: FakeWebSocket;
  let http: HttpTestingController;
  let listing: TestRequest;

  beforeEach(async () => {
    ({ store: sut, ws, http, listing } = await loggedInChat());
    listing.flush({ conversations: [] });
  });

  afterEach(() => {
    sut.reset();
    http.verify();
    vi.useRealTimers();
  });

  const everyone = () => sut.conversations().find((c) => c.key === '*')!;

  it('applies edits, reactions and deletions to the message shown, and to a reply quoting it', () => {
    ws.receive(message({ seq: 41, msgId: 'm41', text: 'helo' }));
    ws.receive(
      message({
        seq: 42,
        msgId: 'm42',
        from: 'carol',
        text: 'yes',
        replyTo: { msgId: 'm41', seq: 41, from: 'bob', text: 'helo' },
      }),
    );
    const update = { type: 'message.update', from: 'bob', to: '*', kind: 'all', msgId: 'm41', by: 'bob' };
    ws.receive({
      ...update,
      seq: 43,
      ts: '',
      action: 'edit',
      text: 'hello',
      edited: '2026-11-22T10:01:00.000Z',
    });
    expect(everyone().messages[0]).toMatchObject({ text: 'hello', edited: '2026-11-22T10:01:00.000Z' });
    expect(everyone().messages[1].replyTo).toMatchObject({ text: 'hello' });

    ws.receive({
      ...update,
      seq: 44,
      ts: '',
      action: 'react',
      by: 'carol',
      reactions: [{ emoji: '👍', users: ['carol'] }],
    });
    expect(everyone().messages[0].reactions).toEqual([{ emoji: '👍', users: ['carol'] }]);
    // A change replayed twice (live and through since) is applied once.
    ws.receive({ ...update, seq: 44, ts: '', action: 'react', by: 'carol', reactions: [] });
    expect(everyone().messages[0].reactions).toHaveLength(1);

    ws.receive({ ...update, seq: 45, ts: '', action: 'delete', deleted: true });
    expect(everyone().messages[0]).toMatchObject({ id: 'm41', deleted: true });
    expect(everyone().messages[0].text).toBeUndefined();
    expect(everyone().messages[0].reactions).toBeUndefined();
    expect(everyone().messages[1].replyTo).toEqual({ msgId: 'm41', seq: 41, from: 'bob', deleted: true });
  });

  it('shows who is typing until they stop, send, or go quiet for the time to live', async () => {
    vi.useFakeTimers();
    ws.receive(message({ seq: 40, msgId: 'm40', kind: 'private', to: 'alice', text: 'hi' }));
    // Typing lists no conversation of its own: bob's private chat exists since his message.
    ws.receive({ type: 'typing', from: 'dave', to: 'alice', kind: 'private' });
    expect(sut.conversations().find((c) => c.key === 'u:dave')).toBeUndefined();
    ws.receive({ type: 'typing', from: 'bob', to: 'alice', kind: 'private' });
    ws.receive({ type: 'typing', from: 'carol', to: '*', kind: 'all' });
    // One's own typing, which a room and everyone's chat send back to the typist too, shows nowhere.
    ws.receive({ type: 'typing', from: 'Alice', to: '*', kind: 'all' });
    expect(sut.conversations().find((c) => c.key === 'u:bob')!.typing).toEqual(['bob']);
    expect(everyone().typing).toEqual(['carol']);
    expect(typingText(['bob'])).toBe('bob is typing…');
    expect(typingText(['bob', 'carol'])).toBe('bob and carol are typing…');

    ws.receive(message({ seq: 41, msgId: 'm41', kind: 'private', to: 'alice', text: 'there' }));
    expect(sut.conversations().find((c) => c.key === 'u:bob')!.typing).toEqual([]);
    vi.advanceTimersByTime(TYPING_TTL_MS - 100);
    ws.receive({ type: 'typing', from: 'carol', to: '*', kind: 'all' });
    vi.advanceTimersByTime(TYPING_TTL_MS - 100);
    expect(everyone().typing).toEqual(['carol']);
    vi.advanceTimersByTime(200);
    expect(everyone().typing).toEqual([]);
    ws.receive({ type: 'typing', from: 'carol', to: '*', kind: 'all' });
    ws.receive({ type: 'typing', from: 'carol', to: '*', kind: 'all', stop: true });
    expect(everyone().typing).toEqual([]);
  });

  it("sends the user's typing at most every few seconds, and a stop when the line is cleared", () => {
    vi.useFakeTimers();
    const typing = TestBed.inject(TypingService);
    const sent = () => ws.sent.filter((f) => f['type'] === 'typing');
    typing.typed('*', 'h');
    typing.typed('*', 'he');
    expect(sent()).toHaveLength(1);
    vi.advanceTimersByTime(TYPING_RENEW_MS);
    typing.typed('*', 'hel');
    expect(sent()).toHaveLength(2);
    typing.typed('*', '');
    expect(sent()[2]).toMatchObject({ to: '*', stop: true });
    typing.stopped('*');
    expect(sent()).toHaveLength(3);
  });

  it('loads the receipts of a private conversation on opening it, takes receipt events, and forgets them when turned off', async () => {
    ws.receive(message({ seq: 41, msgId: 'm41', kind: 'private', from: 'alice', to: 'bob', text: 'seen?' }));
    sut.select('u:bob');
    expect(ws.lastSent('receipts')).toMatchObject({ with: 'bob' });
    ws.ok('receipts', { with: 'bob', receipts: [{ user: 'bob', seq: 40 }] });
    await settle();
    const chat = () => sut.conversations().find((c) => c.key === 'u:bob')!;
    expect(
      seenBy(
        chat(),
        chat().messages.find((m) => m.id === 'm41')!,
      ),
    ).toEqual([]);
    ws.receive({ type: 'receipt', with: 'bob', user: 'bob', seq: 41 });
    expect(
      seenBy(
        chat(),
        chat().messages.find((m) => m.id === 'm41')!,
      ),
    ).toEqual(['bob']);

    const receipts = TestBed.inject(ReceiptsService);
    const off = receipts.set(false);
    expect(ws.lastSent('settings')).toMatchObject({ receipts: false });
    ws.ok('settings', { receipts: false });
    await off;
    expect(chat().receipts).toEqual({});
    ws.receive({ type: 'receipt', with: 'bob', user: 'bob', seq: 42 });
    expect(chat().receipts).toEqual({});
  });
});
