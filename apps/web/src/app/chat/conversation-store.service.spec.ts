import { TestBed } from '@angular/core/testing';

import { ConversationSummary, MessageFrame } from '@chat/protocol';

import { message } from '../../testing/logged-in-chat';
import { EVERYONE } from './conversation';
import { ConversationStore } from './conversation-store.service';

const frame = (over: Record<string, unknown>) => message(over) as unknown as MessageFrame;

describe(ConversationStore.name, () => {
  let sut: ConversationStore;

  beforeEach(() => {
    sut = TestBed.inject(ConversationStore);
    sut.me.set('alice');
  });

  it.each<[string, readonly string[] | '*', string | null]>([
    ['everyone', '*', EVERYONE],
    ['a private chat, in any case', ['Bob'], 'u:bob'],
    ['a group, without oneself or duplicates', ['carol', 'alice', 'bob', 'Carol'], 'g:bob,carol'],
    ['none but oneself', ['alice', 'ALICE'], null],
  ])('keys %s', (_case, members, key) => {
    expect(sut.keyFor(members)).toBe(key);
  });

  it('counts a message unread unless its conversation is open or it is one’s own', () => {
    sut.select(sut.keyFor(['bob'])!);
    sut.receive(frame({ seq: 1, msgId: 'm1', kind: 'private', to: 'alice', text: 'open here' }));
    sut.receive(frame({ seq: 2, msgId: 'm2', text: 'to everyone' }));
    sut.receive(frame({ seq: 3, msgId: 'm3', from: 'alice', text: 'mine' }));
    sut.receive(frame({ seq: 2, msgId: 'm2', text: 'to everyone' }));

    expect(sut.conversations().map((c) => [c.key, c.unread, c.messages.map((m) => m.id)])).toEqual([
      [EVERYONE, 1, ['m2', 'm3']],
      ['u:bob', 0, ['m1']],
    ]);
  });

  it('counts the unread messages that mention the user apart, until the conversation is read', () => {
    sut.select(sut.keyFor(['bob'])!);
    sut.receive(frame({ seq: 1, msgId: 'm1', text: 'hi @alice' }));
    sut.receive(frame({ seq: 2, msgId: 'm2', text: 'hi all' }));
    sut.receive(frame({ seq: 3, msgId: 'm3', text: '@ALICE again' }));
    sut.receive(frame({ seq: 4, msgId: 'm4', from: 'alice', text: 'me, @alice' }));
    sut.receive(frame({ seq: 5, msgId: 'm5', text: '@alicex is someone else' }));
    expect([sut.get(EVERYONE)?.unread, sut.get(EVERYONE)?.mentions]).toEqual([4, 2]);

    // Read elsewhere up to m2: m3 still mentions her.
    sut.markedRead(EVERYONE, 2);
    expect([sut.get(EVERYONE)?.unread, sut.get(EVERYONE)?.mentions]).toEqual([2, 1]);

    sut.select(EVERYONE);
    expect([sut.get(EVERYONE)?.unread, sut.get(EVERYONE)?.mentions]).toEqual([0, 0]);
    sut.receive(frame({ seq: 6, msgId: 'm6', text: 'seen at once, @alice' }));
    expect(sut.get(EVERYONE)?.mentions).toBe(0);
  });

  it("keeps no more mentions than the server's unread count of a new log-in", () => {
    sut.select(sut.keyFor(['bob'])!);
    sut.receive(frame({ seq: 1, msgId: 'm1', text: '@alice one' }));
    sut.receive(frame({ seq: 2, msgId: 'm2', text: '@alice two' }));
    sut.setUnread([{ with: '*', count: 1 }], 2);
    expect([sut.get(EVERYONE)?.unread, sut.get(EVERYONE)?.mentions]).toEqual([1, 1]);
    sut.setUnread([], 2);
    expect(sut.get(EVERYONE)?.mentions).toBe(0);
  });

  it('drops the failed copy of an own message when the message itself comes back (through since)', () => {
    sut.patch(EVERYONE, (c) => ({
      ...c,
      messages: [{ id: 'local-1', ts: 'x', from: 'alice', mine: true, text: 'lost ok', state: 'failed' }],
    }));
    sut.receive(frame({ seq: 5, msgId: 'm5', from: 'alice', text: 'lost ok' }));

    expect(sut.get(EVERYONE)?.messages.map((m) => [m.id, m.state])).toEqual([['m5', 'sent']]);
  });

  it('lists a conversation of the api, with its last message unless that is newer than the log-in', () => {
    const summary = (seq: number): ConversationSummary => ({
      kind: 'private',
      with: 'bob',
      last: frame({ seq, msgId: `m${seq}`, kind: 'private', to: 'alice' }) as ConversationSummary['last'],
    });
    sut.addListed(summary(50), 40);
    expect(sut.get('u:bob')?.messages).toEqual([]);
    sut.addListed(summary(30), 40);
    expect(sut.get('u:bob')?.messages.map((m) => m.id)).toEqual(['m30']);
  });
});
