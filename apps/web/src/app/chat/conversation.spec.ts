import { MessageFrame } from '@chat/protocol';

import {
  ChatMessage,
  conversationKey,
  conversationOf,
  EVERYONE,
  fromFrame,
  mergeMessages,
  messagePreview,
} from './conversation';
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

describe('call messages', () => {
  const frame = {
    type: 'message',
    seq: 7,
    msgId: 'm7',
    ts: '2030-01-01T10:00:00.000Z',
    from: 'alice',
    to: 'bob',
    kind: 'private',
    call: { callId: 'c1', media: 'video', outcome: 'answered', durationMs: 5_400 },
  } as MessageFrame;

  it('keeps the call of a delivered message, and previews it in the same words as the list', () => {
    const m = fromFrame(frame, 'bob');
    expect(m.call).toEqual(frame.call);
    expect(m.text).toBeUndefined();
    expect(messagePreview(m)).toBe('Video call, 0:05');
    expect(messagePreview({ ...m, call: { ...frame.call!, outcome: 'missed' } })).toBe('Missed video call');
  });

  it('previews text, voice messages, pictures and files', () => {
    const m = fromFrame({ ...frame, call: undefined, text: 'hi' } as MessageFrame, 'bob');
    expect(messagePreview(m)).toBe('hi');
    const file = { id: 'f', name: 'a.pdf', size: 1, sha256: 'x', mime: 'application/pdf' };
    expect(messagePreview({ ...m, text: undefined, file })).toBe('a.pdf');
  });

  it('a message without a call has no call field', () => {
    expect('call' in fromFrame({ ...frame, call: undefined, text: 'hi' } as MessageFrame, 'bob')).toBe(false);
  });
});
