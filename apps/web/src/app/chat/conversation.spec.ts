import { MessageFrame } from '@chat/protocol';

import { ChatMessage, conversationKey, conversationOf, EVERYONE, mergeMessages } from './conversation';
import { withDaySeparators } from './message-list.component';

const frame = (over: Partial<MessageFrame>): MessageFrame => ({
  type: 'message',
  seq: 1,
  msgId: 'm1',
  ts: '2026-11-22T10:00:00.000Z',
  from: 'bob',
  to: '*',
  kind: 'all',
  text: 'hi',
  ...over,
});

describe('conversations', () => {
  it.each([
    ['everyone', frame({}), EVERYONE, []],
    ['private, received', frame({ kind: 'private', to: 'alice' }), 'u:bob', ['bob']],
    ['private, sent', frame({ kind: 'private', from: 'Alice', to: 'Bob' }), 'u:bob', ['Bob']],
    [
      'group, any order',
      frame({ kind: 'group', from: 'carol', to: ['bob', 'alice'] }),
      'g:bob,carol',
      ['bob', 'carol'],
    ],
  ] as const)('files a %s message under its conversation', (_name, message, key, members) => {
    expect(conversationOf(message, 'alice')).toEqual({ key, members });
  });

  it('keys a conversation by its other members, whatever the case or order', () => {
    expect(conversationKey(['Carol', 'bob', 'alice'], 'alice')).toBe(
      conversationKey(['bob', 'carol'], 'ALICE'),
    );
    expect(conversationKey('*', 'alice')).toBe(EVERYONE);
  });

  it('merges by id in seq order, unsent messages last', () => {
    const m = (id: string, seq?: number): ChatMessage => ({
      id,
      seq,
      ts: '',
      from: 'a',
      mine: false,
      state: seq ? 'sent' : 'sending',
    });
    const merged = mergeMessages([m('m5', 5), m('local-1')], [m('m3', 3), m('m5', 5), m('m4', 4)]);
    expect(merged.map((x) => x.id)).toEqual(['m3', 'm4', 'm5', 'local-1']);
  });

  it('puts a day separator before the first message of each day', () => {
    const now = new Date(2026, 10, 22, 12);
    const at = (d: number, h: number): ChatMessage => ({
      id: `${d}-${h}`,
      ts: new Date(2026, 10, d, h).toISOString(),
      from: 'a',
      mine: false,
      state: 'sent',
    });
    const items = withDaySeparators([at(20, 9), at(21, 9), at(21, 10), at(22, 8)], now);
    expect(items.map((i) => (i.kind === 'day' ? i.label : i.key))).toEqual([
      expect.stringContaining('2026'),
      '20-9',
      'Yesterday',
      '21-9',
      '21-10',
      'Today',
      '22-8',
    ]);
  });
});
