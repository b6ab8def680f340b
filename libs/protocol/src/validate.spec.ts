import { describe, expect, it } from 'vitest';

import { ChatError } from './errors';
import { CLIENT_FRAME_TYPES } from './frames';
import { RawFrame, requestId } from './raw-frame';
import {
  assertMediaType,
  assertPassword,
  assertUsername,
  exceedsCharacters,
  parseClientFrame,
} from './validate';

const HEX = 'ab'.repeat(32);

function thrown(fn: () => unknown): ChatError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ChatError) return err;
    throw err;
  }
  throw new Error('expected a ChatError');
}

/** A valid frame of every client type, with every optional field. */
const valid: RawFrame[] = [
  { type: 'hello', id: '1' },
  { type: 'register', id: '1', user: 'alice', password: 'correct horse' },
  { type: 'login', id: '1', user: 'alice', password: 'correct horse', since: 41 },
  { type: 'login', token: 'eyJ.x.y' },
  { type: 'logout' },
  { type: 'ping', id: 'p' },
  { type: 'who' },
  { type: 'send', id: '2', to: 'bob', text: 'hi bob' },
  { type: 'send', to: '*', fileId: 'f1' },
  { type: 'send', to: ['bob', 'carol'], text: 'hi', fileId: 'f1' },
  { type: 'history', with: '*' },
  { type: 'history', with: ['bob', 'carol'], before: 100, limit: 200 },
  { type: 'history', with: 'bob', limit: 1 },
  { type: 'file.offer', id: '3', name: 'a.txt', size: 10, sha256: HEX, mime: 'text/plain' },
  { type: 'file.offer', name: 'empty', size: 0, sha256: HEX.toUpperCase() },
  { type: 'file.offer', name: 'a.txt', size: 1, sha256: HEX, mime: 'text/plain; charset=utf-8' },
  { type: 'file.chunk', upload: 'u1', offset: 0, bytes: 10 },
  { type: 'file.done', upload: 'u1' },
  { type: 'file.get', fileId: 'f1', offset: 5 },
  { type: 'kick', user: 'bob', reason: 'spam' },
  { type: 'ban', user: 'bob', reason: 'spam', minutes: 60 },
  { type: 'ban', user: 'bob' },
  { type: 'unban', user: 'bob' },
  { type: 'mute', user: 'bob', minutes: 0.5 },
  { type: 'unmute', user: 'bob' },
  { type: 'call.invite', id: '9', to: 'bob', media: 'video' },
  { type: 'call.invite', to: ['bob', 'carol'], media: 'audio' },
  { type: 'call.accept', callId: 'c1' },
  { type: 'call.reject', callId: 'c1' },
  { type: 'call.signal', callId: 'c1', to: 'bob', data: { sdp: { type: 'offer', sdp: 'v=0' } } },
  { type: 'call.hangup', callId: 'c1' },
  { type: 'room.create', room: '#dev', topic: 'Builds', private: true },
  { type: 'room.join', room: '#dev' },
  { type: 'room.leave', room: '#dev' },
  { type: 'room.invite', room: '#dev', user: 'bob' },
  { type: 'room.kick', room: '#dev', user: 'bob', reason: 'spam', ban: true, minutes: 60 },
  { type: 'room.unban', room: '#dev', user: 'bob' },
  { type: 'room.topic', room: '#dev', topic: '' },
  { type: 'room.list', search: 'dev' },
  { type: 'room.members', room: '#dev' },
  { type: 'room.delete', room: '#dev' },
  { type: 'read', with: ['bob', 'carol'], seq: 42 },
  { type: 'edit', msgId: 'm1', text: 'fixed' },
  { type: 'delete', msgId: 'm1' },
  { type: 'react', msgId: 'm1', emoji: '👍', remove: true },
  { type: 'typing', to: '#dev', stop: true },
  { type: 'receipts', with: 'bob' },
  { type: 'settings', receipts: false },
  { type: 'search', q: 'deploy', with: '*', from: 'bob', before: 100, limit: 10 },
];

/** Every bad input and the exact message it gets (all with code INVALID). */
const invalid: [RawFrame, string][] = [
  [{ type: 'ping', id: 5 }, 'id: expected a string'],
  [{ type: 'ping', id: null }, 'id: expected a string'],
  [{ type: 'ping', id: 'i'.repeat(65) }, 'id: must be at most 64 characters'],
  [{ type: 'send', id: 7, to: 5 }, 'id: expected a string'],
  [{ type: 'register', password: 'correct horse' }, 'user: required'],
  [{ type: 'register', user: 'dave' }, 'password: required'],
  [{ type: 'register', user: 5, password: 'password-1' }, 'user: expected a string'],
  [
    { type: 'register', user: 'dave', password: 'p'.repeat(1025) },
    'password: must be at most 1024 characters',
  ],
  [{ type: 'login', user: 7 }, 'user: expected a string'],
  [{ type: 'login', password: false }, 'password: expected a string'],
  [{ type: 'login', token: {} }, 'token: expected a string'],
  [{ type: 'login', user: 'dave', password: 'password-1', since: -1 }, 'since: must be at least 0'],
  [{ type: 'login', since: 1.5 }, 'since: expected an integer'],
  [{ type: 'login', since: '3' }, 'since: expected a number'],
  [{ type: 'send', text: 'x' }, 'to: expected a string or a non-empty array of strings'],
  [{ type: 'send', to: 5, text: 'x' }, 'to: expected a string or a non-empty array of strings'],
  [{ type: 'send', to: null, text: 'x' }, 'to: expected a string or a non-empty array of strings'],
  [{ type: 'send', to: [], text: 'x' }, 'to: must not be empty'],
  [{ type: 'send', to: '', text: 'x' }, 'to: must not be empty'],
  [{ type: 'send', to: 'b'.repeat(65), text: 'x' }, 'to: must be at most 64 characters'],
  [{ type: 'send', to: ['bob', 5], text: 'x' }, 'to[1]: expected a string'],
  [{ type: 'send', to: ['bob', ''], text: 'x' }, 'to[1]: must not be empty'],
  [{ type: 'send', to: Array(101).fill('bob'), text: 'x' }, 'to: must have at most 100 items'],
  [{ type: 'send', to: '*', text: 5 }, 'text: expected a string'],
  [{ type: 'send', to: '*', fileId: '' }, 'fileId: must not be empty'],
  [{ type: 'send', to: '*', fileId: 3 }, 'fileId: expected a string'],
  [{ type: 'history' }, 'with: expected a string or a non-empty array of strings'],
  [{ type: 'history', with: [] }, 'with: must not be empty'],
  [{ type: 'history', with: '*', limit: 0 }, 'limit: must be at least 1'],
  [{ type: 'history', with: '*', limit: 201 }, 'limit: must be at most 200'],
  [{ type: 'history', with: '*', limit: 2.5 }, 'limit: expected an integer'],
  [{ type: 'history', with: '*', before: 'x' }, 'before: expected a number'],
  [{ type: 'history', with: '*', before: -5 }, 'before: must be at least 0'],
  [{ type: 'file.offer', size: 1, sha256: HEX }, 'name: required'],
  [{ type: 'file.offer', name: '', size: 1, sha256: HEX }, 'name: must not be empty'],
  [
    { type: 'file.offer', name: 'n'.repeat(257), size: 1, sha256: HEX },
    'name: must be at most 256 characters',
  ],
  [{ type: 'file.offer', name: 'a', sha256: HEX }, 'size: required'],
  [{ type: 'file.offer', name: 'a', size: '10', sha256: HEX }, 'size: expected a number'],
  [{ type: 'file.offer', name: 'a', size: -1, sha256: HEX }, 'size: must be at least 0'],
  [{ type: 'file.offer', name: 'a', size: 1 }, 'sha256: required'],
  [{ type: 'file.offer', name: 'a', size: 1, sha256: 'zz' }, 'sha256: expected 64 hex digits'],
  [{ type: 'file.offer', name: 'a', size: 1, sha256: 'g'.repeat(64) }, 'sha256: expected 64 hex digits'],
  [{ type: 'file.offer', name: 'a', size: 1, sha256: HEX.slice(1) }, 'sha256: expected 64 hex digits'],
  [{ type: 'file.offer', name: 'a', size: 1, sha256: HEX, mime: 5 }, 'mime: expected a string'],
  ...[
    'text/plain\r\nX-Injected: 1',
    'text/plain\n',
    '',
    'text',
    'text/',
    '/plain',
    'text/plain;',
    'a b/c',
  ].map((mime): [RawFrame, string] => [
    { type: 'file.offer', name: 'a', size: 1, sha256: HEX, mime },
    'mime: expected a media type such as text/plain or text/plain;charset=utf-8',
  ]),
  [
    { type: 'file.offer', name: 'a', size: 1, sha256: HEX, mime: `text/${'x'.repeat(251)}` },
    'mime: must be at most 255 characters',
  ],
  [{ type: 'file.chunk', offset: 0, bytes: 1 }, 'upload: required'],
  [{ type: 'file.chunk', upload: '', offset: 0, bytes: 1 }, 'upload: must not be empty'],
  [{ type: 'file.chunk', upload: 'u', bytes: 1 }, 'offset: required'],
  [{ type: 'file.chunk', upload: 'u', offset: -1, bytes: 1 }, 'offset: must be at least 0'],
  [{ type: 'file.chunk', upload: 'u', offset: 0 }, 'bytes: required'],
  [{ type: 'file.chunk', upload: 'u', offset: 0, bytes: -1 }, 'bytes: must be at least 0'],
  [{ type: 'file.chunk', upload: 'u', offset: 0, bytes: 1.5 }, 'bytes: expected an integer'],
  [{ type: 'file.chunk', upload: 'u', offset: 0, bytes: '5' }, 'bytes: expected a number'],
  [{ type: 'file.done' }, 'upload: required'],
  [{ type: 'file.done', upload: 9 }, 'upload: expected a string'],
  [{ type: 'file.get' }, 'fileId: required'],
  [{ type: 'file.get', fileId: 'f', offset: -1 }, 'offset: must be at least 0'],
  [{ type: 'kick' }, 'user: required'],
  [{ type: 'kick', user: 'bob', reason: 5 }, 'reason: expected a string'],
  [{ type: 'kick', user: 'bob', reason: 'r'.repeat(501) }, 'reason: must be at most 500 characters'],
  [{ type: 'ban', reason: 'spam' }, 'user: required'],
  [{ type: 'ban', user: 'bob', minutes: 0 }, 'minutes: must be positive'],
  [{ type: 'ban', user: 'bob', minutes: 'x' }, 'minutes: expected a number'],
  [{ type: 'ban', user: 'bob', minutes: 60 * 24 * 365 * 10 + 1 }, 'minutes: must be at most 5256000'],
  [{ type: 'unban', user: ['bob'] }, 'user: expected a string'],
  [{ type: 'mute', user: 'bob', minutes: -1 }, 'minutes: must be positive'],
  [{ type: 'mute', minutes: 5 }, 'user: required'],
  [{ type: 'unmute' }, 'user: required'],
  [{ type: 'call.invite', to: 'bob' }, 'media: expected "audio" or "video"'],
  [{ type: 'call.invite', to: 'bob', media: 'hologram' }, 'media: expected "audio" or "video"'],
  [{ type: 'call.invite', to: Array(6).fill('bob'), media: 'audio' }, 'to: must have at most 5 items'],
  [{ type: 'call.accept' }, 'callId: required'],
  [{ type: 'call.accept', callId: '' }, 'callId: must not be empty'],
  [{ type: 'call.signal', callId: 'c', to: 'bob' }, 'data: required'],
  [{ type: 'call.signal', callId: 'c', to: 'bob', data: 'sdp' }, 'data: expected an object'],
  [{ type: 'call.signal', callId: 'c', data: {} }, 'to: required'],
  [{ type: 'call.hangup', callId: 5 }, 'callId: expected a string'],
  [{ type: 'room.create', topic: 'x' }, 'room: required'],
  [{ type: 'room.topic', room: '#dev', topic: 'x'.repeat(251) }, 'topic: must be at most 250 characters'],
  [{ type: 'room.kick', room: '#dev', user: 'bob', ban: 'yes' }, 'ban: expected a boolean'],
  [{ type: 'room.join', room: '#'.repeat(65) }, 'room: must be at most 64 characters'],
  [{ type: 'read', with: 'bob', seq: -1 }, 'seq: must be at least 0'],
  [{ type: 'edit', msgId: 'm1' }, 'text: required'],
  [{ type: 'react', msgId: 'm1', emoji: '' }, 'emoji: must not be empty'],
  [{ type: 'search', q: '' }, 'q: must not be empty'],
  [{ type: 'search', q: 'x', limit: 51 }, 'limit: must be at most 50'],
];

describe(parseClientFrame.name, () => {
  it('has a valid example of every client frame type', () => {
    expect(new Set(valid.map((f) => f.type))).toEqual(new Set(CLIENT_FRAME_TYPES));
  });

  it.each(valid.map((frame) => [JSON.stringify(frame), frame] as const))('accepts %s', (_name, frame) => {
    expect(parseClientFrame(frame)).toEqual(frame);
  });

  it.each(invalid.map(([frame, message]) => [JSON.stringify(frame).slice(0, 90), frame, message] as const))(
    'rejects %s',
    (_name, frame, message) => {
      const sut = thrown(() => parseClientFrame(frame));
      expect({ code: sut.code, message: sut.message }).toEqual({ code: 'INVALID', message });
    },
  );

  it.each(['dance', '', 'toString', '__proto__', 'constructor', 'message', 'ok'])(
    'answers UNKNOWN_TYPE to type %j',
    (type) => {
      expect(thrown(() => parseClientFrame({ type, id: '1' })).code).toBe('UNKNOWN_TYPE');
    },
  );

  it('names the unknown type, shortened', () => {
    expect(thrown(() => parseClientFrame({ type: 'dance' })).message).toBe('Unknown frame type: dance');
    expect(thrown(() => parseClientFrame({ type: 'x'.repeat(1000) })).message).toHaveLength(
      'Unknown frame type: '.length + 64 + 3,
    );
  });

  it.each(['*', 'bob', ['bob'], ['bob', 'carol']])('accepts to %j', (to) => {
    expect(parseClientFrame({ type: 'send', to, text: 'x' })).toMatchObject({ to });
  });

  it('drops fields the protocol does not define', () => {
    expect(parseClientFrame({ type: 'ping', id: '1', extra: true })).toEqual({ type: 'ping', id: '1' });
  });
});

describe(requestId.name, () => {
  it.each([
    [{ type: 'ping', id: 'a1' }, 'a1'],
    [{ type: 'ping', id: 'i'.repeat(64) }, 'i'.repeat(64)],
    [{ type: 'ping', id: 'i'.repeat(65) }, undefined],
    [{ type: 'ping', id: 1 }, undefined],
    [{ type: 'ping' }, undefined],
    [null, undefined],
    ['id', undefined],
    [['a1'], undefined],
  ])('requestId(%j) is %j', (raw, id) => {
    expect(requestId(raw)).toBe(id);
  });
});

describe(assertUsername.name, () => {
  it.each(['bob', 'Alice', 'a_b.c-d', 'x'.repeat(32), '007'])('accepts %j', (name) => {
    expect(() => assertUsername(name)).not.toThrow();
  });

  it.each(['', 'ab', 'x'.repeat(33), 'bob smith', 'bøb', 'bob!', 'bob\n', '*', 'al/ice'])(
    'rejects %j',
    (name) => {
      expect(thrown(() => assertUsername(name)).code).toBe('INVALID_USERNAME');
    },
  );
});

describe(assertMediaType.name, () => {
  it.each([
    'text/plain',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'image/svg+xml',
    'text/plain;charset=utf-8',
    'text/plain ; charset=UTF-8;\tformat=flowed',
    "x-!#$%&'*+.^_`|~/y",
  ])('accepts %j', (mime) => {
    expect(() => assertMediaType(mime)).not.toThrow();
  });

  // The media-type grammar of RFC 9110 with token parameter values; all else, CR and LF first.
  it.each([
    'text/plain\r\nSet-Cookie: a=b',
    'text/plain\r',
    'text/plain\n',
    'text/plain\u0000',
    '',
    ' text/plain',
    'text/plain ',
    'text',
    'text/',
    '/plain',
    'text/pl/ain',
    'text/plain;',
    'text/plain; charset',
    'text/plain; charset=',
    'text/plain; charset="utf-8"',
    'tëxt/plain',
    '<script>/x',
    `text/${'x'.repeat(251)}`,
  ])('refuses %j with INVALID naming mime', (mime) => {
    const sut = thrown(() => assertMediaType(mime));
    expect({ code: sut.code, message: sut.message, field: sut.details.field }).toEqual({
      code: 'INVALID',
      message: 'mime: expected a media type such as text/plain or text/plain;charset=utf-8',
      field: 'mime',
    });
  });
});

describe(assertPassword.name, () => {
  it.each(['12345678', 'correct horse battery', '😀'.repeat(8), 'pässwörd'])('accepts %j', (password) => {
    expect(() => assertPassword(password)).not.toThrow();
  });

  it.each(['', '1234567', '😀'.repeat(4)])('rejects %j', (password) => {
    expect(thrown(() => assertPassword(password)).code).toBe('WEAK_PASSWORD');
  });
});

describe('exceedsCharacters', () => {
  it('counts code points, an emoji as one', () => {
    expect(exceedsCharacters('😀'.repeat(4), 4)).toBe(false);
    expect(exceedsCharacters('😀'.repeat(5), 4)).toBe(true);
    expect(exceedsCharacters('abcd', 4)).toBe(false);
    expect(exceedsCharacters('abcde', 4)).toBe(true);
    expect(exceedsCharacters('a😀b😀', 4)).toBe(false);
    expect(exceedsCharacters('', 0)).toBe(false);
  });

  it('refuses a huge text without walking its characters', () => {
    const iterate = String.prototype[Symbol.iterator];
    let walked = 0;
    String.prototype[Symbol.iterator] = function (this: string) {
      walked++;
      return iterate.call(this);
    };
    try {
      expect(exceedsCharacters('x'.repeat(1 << 20), 4000)).toBe(true);
      expect(exceedsCharacters('x'.repeat(3000), 4000)).toBe(false);
    } finally {
      String.prototype[Symbol.iterator] = iterate;
    }
    expect(walked).toBe(0);
  });
});
