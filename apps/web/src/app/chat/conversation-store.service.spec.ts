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
