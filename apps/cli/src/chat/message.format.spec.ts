import { describe, expect, it } from 'vitest';

import {
  CertificateError,
  ChatError,
  MessageFrame,
  RoomEventFrame,
  RoomInfo,
  TlsError,
} from '@chat/protocol';

import { OfflineError } from '../session/chat.session';
import {
  cleanText,
  formatBanned,
  formatError,
  formatGap,
  formatKicked,
  formatMessage,
  formatMuted,
  formatNames,
  formatNotice,
  formatPresence,
  formatPresenceMany,
  formatPrompt,
  formatRing,
  formatRoom,
  formatRoomEvent,
  formatTime,
  formatUnread,
  formatUntil,
  formatUpdate,
  localTimes,
  numbered,
  paintName,
} from './message.format';
import { conversationWith, MAX_NUMBERS, MessageNumbers } from './message-numbers';

// Local times, so that the expectations hold in any time zone.
const NOW = new Date(2026, 10, 22, 18, 0);
const at = (h: number, m: number, day = 22): string => new Date(2026, 10, day, h, m).toISOString();

const message = (fields: Partial<MessageFrame>): MessageFrame => ({
  type: 'message',
  seq: 1,
  msgId: 'm1',
  ts: at(10, 2),
  from: 'alice',
  to: '*',
  kind: 'all',
  text: 'hi',
  ...fields,
});

describe(formatMessage.name, () => {
  it.each<[string, Partial<MessageFrame>, string, string]>([
    ['group chat', { text: 'hi everyone' }, 'bob', '[10:02] alice: hi everyone'],
    ['private to me', { to: 'bob', kind: 'private' }, 'bob', '[10:02] alice → you (private): hi'],
    ['private to me, any case', { to: 'BOB', kind: 'private' }, 'bob', '[10:02] alice → you (private): hi'],
    ['my own private', { to: 'bob', kind: 'private' }, 'alice', '[10:02] you → bob (private): hi'],
    ['my own to everyone', {}, 'alice', '[10:02] you: hi'],
    ['group of users', { to: ['bob', 'carol'], kind: 'group' }, 'dave', '[10:02] alice → bob, carol: hi'],
    [
      'group of users with me',
      { to: ['bob', 'carol'], kind: 'group' },
      'carol',
      '[10:02] alice → bob, you: hi',
    ],
    [
      'a file',
      { text: undefined, file: { id: 'f1', name: 'cat.png', size: 1500, sha256: 'x', mime: 'image/png' } },
      'bob',
      '[10:02] alice: [file cat.png, 1.5 kB: /get f1]',
    ],
    [
      'text and file',
      { text: 'look', file: { id: 'f1', name: 'cat.png', size: 10, sha256: 'x', mime: 'image/png' } },
      'bob',
      '[10:02] alice: look [file cat.png, 10 B: /get f1]',
    ],
    ['several lines, indented', { text: 'one\ntwo' }, 'bob', '[10:02] alice: one\n    two'],
    ['escape sequences removed', { text: 'red \u001b[31mtext\u0007' }, 'bob', '[10:02] alice: red [31mtext'],
    ['another day', { ts: at(9, 5, 21) }, 'bob', '[2026-11-21 09:05] alice: hi'],
  ])('%s', (_case, fields, me, expected) => {
    expect(formatMessage(message(fields), me, NOW)).toBe(expected);
  });
});

describe(formatTime.name, () => {
  it.each([
    [at(0, 0), '00:00'],
    [at(23, 59), '23:59'],
    [at(7, 3, 1), '2026-11-01 07:03'],
    ['not a date', '--:--'],
  ])('%s → %s', (iso, expected) => {
    expect(formatTime(iso, NOW)).toBe(expected);
  });
});

describe(cleanText.name, () => {
  it.each([
    ['plain', 'plain'],
    ['tab\tand\nnewline', 'tab\tand\nnewline'],
    ['\u001b]0;title\u0007x', ']0;titlex'],
    ['c1 \u009b31m', 'c1 31m'],
    ['del\u007f', 'del'],
    ['émoji 🙂', 'émoji 🙂'],
  ])('%j → %j', (text, expected) => {
    expect(cleanText(text)).toBe(expected);
  });
});

describe(formatPresence.name, () => {
  it.each([
    [{ user: 'bob', status: 'online', count: 3 }, '* bob joined (3 online)'],
    [{ user: 'bob', status: 'offline', count: 2 }, '* bob left (2 online)'],
  ] as const)('%j', (presence, expected) => {
    expect(formatPresence({ type: 'presence', ...presence })).toBe(expected);
  });
});

describe(formatUntil.name, () => {
  it.each([
    [null, 'until it is lifted'],
    [undefined, 'until it is lifted'],
    [at(18, 30), 'until 18:30'],
    [at(8, 0, 23), 'until 2026-11-23 08:00'],
  ])('%j → %s', (until, expected) => {
    expect(formatUntil(until, NOW)).toBe(expected);
  });
});

describe('moderation events', () => {
  it.each([
    [
      formatKicked({ type: 'kicked', by: 'admin', reason: 'spam' }),
      '*** You were disconnected by admin: spam',
    ],
    [formatKicked({ type: 'kicked', by: 'admin' }), '*** You were disconnected by admin'],
    [
      formatBanned({ type: 'banned', by: 'admin', until: null }, NOW),
      '*** You were banned by admin until it is lifted',
    ],
    [
      formatBanned({ type: 'banned', by: 'admin', until: at(19, 0), reason: 'rude' }, NOW),
      '*** You were banned by admin until 19:00: rude',
    ],
    [
      formatMuted({ type: 'muted', by: 'admin', until: at(18, 5) }, NOW),
      '*** You were muted by admin until 18:05: you cannot send messages',
    ],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe(localTimes.name, () => {
  it.each([
    [`bob was muted by admin until ${at(18, 5)}: spam`, 'bob was muted by admin until 18:05: spam'],
    [`until ${at(8, 0, 23)}`, 'until 2026-11-23 08:00'],
    ['until 2026-11-22T17:00Z', `until ${formatTime('2026-11-22T17:00Z', NOW)}`],
    ['no time here, nor in 2026-11-22 or T10:00Z', 'no time here, nor in 2026-11-22 or T10:00Z'],
  ])('%s → %s', (text, expected) => {
    expect(localTimes(text, NOW)).toBe(expected);
  });

  it('shows notices with local times', () => {
    expect(formatNotice({ type: 'notice', text: `bob was banned by admin until ${at(19, 0)}` }, NOW)).toBe(
      '* notice: bob was banned by admin until 19:00',
    );
  });
});

describe(formatError.name, () => {
  it.each<[unknown, string]>([
    [new ChatError('NO_SUCH_USER', 'No such user: ghost'), 'error NO_SUCH_USER: No such user: ghost'],
    [new ChatError('EMPTY'), 'error EMPTY: A message needs text or a file'],
    [
      new ChatError('BANNED', 'You are banned', { until: at(19, 0), reason: 'rude' }),
      'error BANNED: You are banned (until 19:00; reason: rude)',
    ],
    [
      new ChatError('BANNED', `You are banned until ${at(19, 0)}`, { until: at(19, 0), reason: 'rude' }),
      'error BANNED: You are banned until 19:00 (reason: rude)',
    ],
    [
      new ChatError('MUTED', `You are muted until ${at(8, 0, 23)}`, { until: at(8, 0, 23) }),
      'error MUTED: You are muted until 2026-11-23 08:00',
    ],
    [
      new ChatError('BANNED', 'You are banned', { until: null }),
      'error BANNED: You are banned (until it is lifted)',
    ],
    [
      new ChatError('RATE_LIMITED', 'Too many messages', { retryAfterMs: 1234 }),
      'error RATE_LIMITED: Too many messages (retry in 1.2 s)',
    ],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8888'), { code: 'ECONNREFUSED' }),
      'error: connect ECONNREFUSED 127.0.0.1:8888',
    ],
    [Object.assign(new Error('no such file'), { code: 'ENOENT' }), 'error: no such file (ENOENT)'],
    ['plain string', 'error: plain string'],
    [new OfflineError(), 'error: offline, not sent: reconnecting (try again in a moment)'],
    [
      new CertificateError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      "error: the server's TLS certificate was refused: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT); " +
        'for a server with its own (self-signed) certificate or CA, pass that certificate with --ca <file>',
    ],
    [
      new CertificateError(
        'ERR_TLS_CERT_ALTNAME_INVALID',
        "Host: chat.example. is not in the cert's altnames",
      ),
      "error: the server's TLS certificate was refused: Host: chat.example. is not in the cert's altnames " +
        '(ERR_TLS_CERT_ALTNAME_INVALID); connect with a --host the certificate names',
    ],
    [
      new CertificateError('CERT_HAS_EXPIRED', 'certificate has expired'),
      "error: the server's TLS certificate was refused: certificate has expired (CERT_HAS_EXPIRED)",
    ],
    [
      new TlsError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
      'error: the TLS handshake failed: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER); ' +
        'is the port a TLS one? Without --tls the client speaks plain TCP',
    ],
  ])('%s', (err, expected) => {
    expect(formatError(err, NOW)).toBe(expected);
  });
});

describe('calls', () => {
  it('prints a call’s message by how it went', () => {
    const call = { callId: 'c1', media: 'video' as const, outcome: 'answered' as const, durationMs: 192_000 };
    expect(formatMessage(message({ text: undefined, to: 'bob', kind: 'private', call }), 'bob', NOW)).toBe(
      '[10:02] alice → you (private): [Video call, 3:12]',
    );
    expect(
      formatMessage(
        message({
          text: undefined,
          to: 'bob',
          kind: 'private',
          call: { ...call, outcome: 'missed', durationMs: 0 },
        }),
        'bob',
        NOW,
      ),
    ).toBe('[10:02] alice → you (private): [Missed video call]');
  });

  it('says who rings, with whom, and where to answer; names cannot drive the terminal', () => {
    const ring = {
      type: 'call.ring' as const,
      callId: 'c1',
      from: 'alice',
      media: 'audio' as const,
      participants: ['alice', 'bob'],
    };
    expect(formatRing(ring, 'bob')).toBe('*** alice is calling you (voice): answer in the web client');
    expect(
      formatRing({ ...ring, media: 'video', participants: ['alice', 'bob', 'carol', 'dave'] }, 'BOB'),
    ).toBe('*** alice is calling you with carol, dave (video): answer in the web client');
    expect(formatRing({ ...ring, from: 'ali\u001b[2Jce' }, 'bob')).toContain('*** ali[2Jce is calling');
  });
});

describe('rooms', () => {
  it('prints a room message with its room before the sender', () => {
    expect(formatMessage(message({ kind: 'room', to: '#dev', text: 'build is green' }), 'bob', NOW)).toBe(
      '[10:02] #dev alice: build is green',
    );
    expect(formatMessage(message({ kind: 'room', to: '#dev' }), 'alice', NOW)).toBe('[10:02] #dev you: hi');
  });

  it.each<[string, RoomEventFrame, string]>([
    ['a join', { type: 'room.joined', room: '#dev', user: 'bob' }, '* bob joined #dev'],
    ['one’s own join', { type: 'room.joined', room: '#dev', user: 'carol' }, '* you joined #dev'],
    ['a leave', { type: 'room.left', room: '#dev', user: 'bob' }, '* bob left #dev'],
    [
      'a removal',
      { type: 'room.left', room: '#dev', user: 'bob', by: 'alice', reason: 'spam' },
      '* alice removed bob from #dev: spam',
    ],
    [
      'a topic',
      { type: 'room.topic', room: '#dev', topic: 'Release \u001b[31mFriday', by: 'alice' },
      '* topic of #dev: "Release [31mFriday" (set by alice)',
    ],
    [
      'a cleared topic',
      { type: 'room.topic', room: '#dev', topic: '', by: 'alice' },
      '* alice cleared the topic of #dev',
    ],
    [
      'an invitation',
      { type: 'room.invited', room: '#ops', by: 'alice' },
      '* alice invited you to #ops: /join #ops',
    ],
    [
      'being removed',
      { type: 'room.kicked', room: '#dev', by: 'alice', reason: 'spam' },
      '*** You were removed from #dev by alice: spam',
    ],
    [
      'being removed and banned',
      { type: 'room.kicked', room: '#dev', by: 'alice', until: null },
      '*** You were removed from #dev by alice, banned until it is lifted',
    ],
    ['a deleted room', { type: 'room.deleted', room: '#dev', by: 'root' }, '*** #dev was deleted by root'],
  ])('prints %s', (_case, event, expected) => {
    expect(formatRoomEvent(event, 'carol', NOW)).toBe(expected);
  });

  it('shows in the prompt where plain text goes', () => {
    expect(formatPrompt('alice', '*')).toBe('alice> ');
    expect(formatPrompt('alice', '#dev')).toBe('alice → #dev> ');
    expect(formatPrompt('alice', 'bob')).toBe('alice → bob> ');
    expect(formatPrompt('alice', ['bob', 'carol'])).toBe('alice → bob, carol> ');
  });

  it('lists rooms and members for /rooms and /names', () => {
    const room: RoomInfo = {
      room: '#dev',
      topic: 'Builds',
      private: false,
      owner: 'alice',
      members: 12,
      joined: true,
    };
    expect(formatRoom(room)).toBe('#dev (12 members, joined) Builds');
    expect(formatRoom({ ...room, private: true, members: 1, joined: false, topic: '' })).toBe(
      '#dev (private, 1 member)',
    );
    expect(formatNames('#dev', ['alice', 'Bob', 'carol'], ['bob'])).toBe(
      '#dev (3, 1 online): alice, Bob*, carol (* online)',
    );
    expect(formatNames('#dev', ['alice'], [])).toBe('#dev (1, 0 online): alice');
  });
});

describe(formatUnread.name, () => {
  it('sums up what came while away, most first, with the history to read first', () => {
    expect(
      formatUnread(
        [
          { with: '*', count: 1 },
          { with: 'alice', count: 3 },
          { with: '#dev', count: 12 },
          { with: ['bob', 'carol'], count: 2 },
        ],
        'dave',
      ),
    ).toBe('Unread: 12 in #dev, 3 from alice, 2 in bob, carol, 1 to everyone; /history #dev');
    expect(formatUnread([{ with: 'alice', count: 1 }], 'dave')).toBe(
      'Unread: 1 new private message from alice; /history alice',
    );
    expect(formatUnread([{ with: 'alice', count: 999 }], 'dave')).toBe(
      'Unread: 999+ new private messages from alice; /history alice',
    );
    expect(formatUnread([], 'dave')).toBeUndefined();
  });
});

describe('messages as they are now, and their changes', () => {
  it('shows an action, an edit, a deletion, the quote a reply answers and reactions', () => {
    expect(formatMessage(message({ text: 'waves', me: true }), 'bob', NOW)).toBe('[10:02] * alice waves');
    expect(formatMessage(message({ to: '#dev', kind: 'room', text: 'waves', me: true }), 'bob', NOW)).toBe(
      '[10:02] #dev * alice waves',
    );
    expect(formatMessage(message({ edited: at(10, 3) }), 'bob', NOW)).toBe('[10:02] alice: hi (edited)');
    expect(formatMessage(message({ text: undefined, deleted: true }), 'bob', NOW)).toBe(
      '[10:02] alice: (message deleted)',
    );
    expect(
      formatMessage(
        message({
          text: 'I do',
          replyTo: { msgId: 'm0', seq: 1, from: 'bob', text: 'who deploys?' },
          reactions: [
            { emoji: '👍', users: ['bob', 'carol'] },
            { emoji: '🎉', users: ['alice'] },
          ],
        }),
        'bob',
        NOW,
      ),
    ).toBe(
      '[10:02] alice: I do\n    ↳ in reply to you: who deploys?\n    reactions: 👍 2 (you, carol), 🎉 1 (alice)',
    );
  });

  it('draws names in their colour, and a line that mentions the reader reversed, only when it may', () => {
    const line = formatMessage(message({ text: 'hey @bob look' }), 'bob', NOW, { colour: true });
    expect(line).toBe(`\u001b[1;7m[10:02] ${paintName('alice', { colour: true })}: hey @bob look\u001b[0m`);
    // eslint-disable-next-line no-control-regex
    expect(paintName('alice', { colour: true })).toMatch(/^\u001b\[38;5;\d+malice\u001b\[39m$/);
    expect(formatMessage(message({ text: 'hey @bob look' }), 'bob', NOW)).toBe(
      '[10:02] alice: hey @bob look',
    );
    // A name cannot smuggle escapes in through its colour.
    expect(paintName('a\u001b[2Jb', { colour: true })).not.toContain('\u001b[2J');
  });

  it('shows changes by the number of the message on screen', () => {
    const update = {
      type: 'message.update',
      seq: 9,
      ts: at(10, 5),
      msgId: 'm1',
      from: 'alice',
      to: '*',
      kind: 'all',
    } as const;
    expect(formatUpdate({ ...update, action: 'edit', by: 'alice', text: 'hello' }, 'bob', 3)).toBe(
      '* (3) alice edited: hello',
    );
    expect(formatUpdate({ ...update, action: 'edit', by: 'alice', text: 'hello' }, 'bob')).toBe(
      '* alice edited a message: hello',
    );
    expect(formatUpdate({ ...update, action: 'delete', by: 'bob', deleted: true }, 'bob', 3)).toBe(
      '* (3) deleted by you',
    );
    expect(
      formatUpdate(
        { ...update, action: 'react', by: 'bob', reactions: [{ emoji: '👍', users: ['bob'] }] },
        'bob',
        3,
      ),
    ).toBe('* (3) reactions: 👍 1 (you)');
    expect(formatUpdate({ ...update, action: 'react', by: 'bob', reactions: [] }, 'bob', 3)).toBe(
      '* (3) no reactions',
    );
    expect(numbered(3, '[10:02] alice: hi')).toBe('(3) [10:02] alice: hi');
  });
});

describe(MessageNumbers.name, () => {
  it('numbers messages from 1, keeps a message its number, and takes the oldest number again after 999', () => {
    const numbers = new MessageNumbers();
    expect(numbers.number(message({ msgId: 'a' }), 'bob')).toBe(1);
    expect(numbers.number(message({ msgId: 'b', kind: 'private', to: 'bob' }), 'bob')).toBe(2);
    expect(numbers.number(message({ msgId: 'a' }), 'bob')).toBe(1);
    expect(numbers.get(2)).toMatchObject({ msgId: 'b', with: 'alice' });
    for (let i = 3; i <= MAX_NUMBERS; i++) numbers.number(message({ msgId: `x${i}` }), 'bob');
    expect(numbers.number(message({ msgId: 'new' }), 'bob')).toBe(1);
    expect(numbers.numberOf('a')).toBeUndefined();
    expect(numbers.get(1)?.msgId).toBe('new');
  });

  it('knows the conversation a reply goes to', () => {
    expect(conversationWith(message({}), 'bob')).toBe('*');
    expect(conversationWith(message({ kind: 'room', to: '#dev' }), 'bob')).toBe('#dev');
    expect(conversationWith(message({ kind: 'private', to: 'bob' }), 'bob')).toBe('alice');
    expect(conversationWith(message({ kind: 'private', from: 'bob', to: 'alice' }), 'bob')).toBe('alice');
    expect(conversationWith(message({ kind: 'group', to: ['bob', 'carol'] }), 'bob')).toEqual([
      'alice',
      'carol',
    ]);
  });
});

describe('formatGap', () => {
  it('says which messages a replay left out and how to page them', () => {
    expect(formatGap({ type: 'gap', after: 44, until: 5000 })).toBe(
      '*** More came while you were away than is replayed: older messages (45 to 5000) are left out; /history <with> and /more page them',
    );
  });
});

describe('formatPresenceMany', () => {
  it('gives the counts and points to /who', () => {
    expect(formatPresenceMany({ type: 'presence.many', count: 240, arrived: 120, left: 3 })).toBe(
      '*** 120 came online and 3 left; 240 online now (/who lists them)',
    );
  });
});
