import { describe, expect, it } from 'vitest';

import { Command, complete, parseCommand, parseRecipient, splitWords } from './command.parse';
import { COMMAND_NAMES, COMMAND_USAGE } from './command.usage';

describe(parseCommand.name, () => {
  it.each<[string, Command]>([
    ['', { kind: 'none' }],
    ['   ', { kind: 'none' }],
    ['hello everyone', { kind: 'say', to: '*', text: 'hello everyone' }],
    ['  padded  ', { kind: 'say', to: '*', text: 'padded' }],
    ['//etc is a folder', { kind: 'say', to: '*', text: '/etc is a folder' }],
    ['/who', { kind: 'who' }],
    ['/WHO', { kind: 'who' }],
    ['/msg bob hi there', { kind: 'say', to: 'bob', text: 'hi there' }],
    ['/msg bob   spaced  text', { kind: 'say', to: 'bob', text: 'spaced  text' }],
    ['/msg bob', { kind: 'invalid', message: 'usage: /msg <user> <text>' }],
    ['/msg', { kind: 'invalid', message: 'usage: /msg <user> <text>' }],
    ['/group bob,carol hi', { kind: 'say', to: ['bob', 'carol'], text: 'hi' }],
    ['/group bob,,carol,bob hi', { kind: 'say', to: ['bob', 'carol'], text: 'hi' }],
    ['/group bob hi', { kind: 'say', to: 'bob', text: 'hi' }],
    ['/group , hi', { kind: 'invalid', message: 'usage: /group <a,b,c> <text>' }],
    ['/send ./cat.png', { kind: 'send-file', path: './cat.png', to: '*' }],
    ['/send cat.png bob', { kind: 'send-file', path: 'cat.png', to: 'bob' }],
    ['/send cat.png #dev', { kind: 'send-file', path: 'cat.png', to: '#dev' }],
    ['/send "my cat.png" bob,carol', { kind: 'send-file', path: 'my cat.png', to: ['bob', 'carol'] }],
    ['/send', { kind: 'invalid', message: 'usage: /send <path> [to]' }],
    ['/send a b c', { kind: 'invalid', message: 'usage: /send <path> [to]' }],
    ['/voice hello.wav', { kind: 'send-media', media: 'voice', path: 'hello.wav', to: '*' }],
    ['/VOICE hello.wav bob', { kind: 'send-media', media: 'voice', path: 'hello.wav', to: 'bob' }],
    ['/voice "my memo.ogg" bob, carol', { kind: 'invalid', message: 'usage: /voice <path> [to]' }],
    [
      '/voice "my memo.ogg" bob,carol',
      { kind: 'send-media', media: 'voice', path: 'my memo.ogg', to: ['bob', 'carol'] },
    ],
    ['/voice memo.ogg *', { kind: 'send-media', media: 'voice', path: 'memo.ogg', to: '*' }],
    ['/voice', { kind: 'invalid', message: 'usage: /voice <path> [to]' }],
    ['/voice a.wav bob extra', { kind: 'invalid', message: 'usage: /voice <path> [to]' }],
    ['/voice a.wav ,', { kind: 'invalid', message: 'usage: /voice <path> [to]' }],
    ['/image selfie.jpg', { kind: 'send-media', media: 'image', path: 'selfie.jpg', to: '*' }],
    [
      '/image ./shots/cat.png alice',
      { kind: 'send-media', media: 'image', path: './shots/cat.png', to: 'alice' },
    ],
    ['/image', { kind: 'invalid', message: 'usage: /image <path> [to]' }],
    ['/image a.png b c', { kind: 'invalid', message: 'usage: /image <path> [to]' }],
    ['/play f_1', { kind: 'play', fileId: 'f_1' }],
    ['/Play  f_1 ', { kind: 'play', fileId: 'f_1' }],
    ['/play', { kind: 'invalid', message: 'usage: /play <fileId>' }],
    ['/play f_1 f_2', { kind: 'invalid', message: 'usage: /play <fileId>' }],
    ['/get f_1', { kind: 'get', fileId: 'f_1' }],
    ['/get f_1 ~/Downloads', { kind: 'get', fileId: 'f_1', path: '~/Downloads' }],
    ['/get', { kind: 'invalid', message: 'usage: /get <fileId> [path]' }],
    ['/history', { kind: 'history', with: '*' }],
    ['/history *', { kind: 'history', with: '*' }],
    ['/history bob', { kind: 'history', with: 'bob' }],
    ['/history bob, carol', { kind: 'history', with: ['bob', 'carol'] }],
    ['/kick bob', { kind: 'kick', user: 'bob' }],
    ['/kick bob too loud', { kind: 'kick', user: 'bob', reason: 'too loud' }],
    ['/kick', { kind: 'invalid', message: 'usage: /kick <user> [reason]' }],
    ['/ban bob', { kind: 'ban', user: 'bob' }],
    ['/ban bob 30', { kind: 'ban', user: 'bob', minutes: 30 }],
    ['/ban bob 0.5 spam', { kind: 'ban', user: 'bob', minutes: 0.5, reason: 'spam' }],
    ['/ban bob spam and abuse', { kind: 'ban', user: 'bob', reason: 'spam and abuse' }],
    [
      '/ban bob 0',
      { kind: 'invalid', message: '/ban: a duration is a positive number of minutes, or 30m, 2h, 3d' },
    ],
    [
      '/ban bob -5 x',
      { kind: 'invalid', message: '/ban: a duration is a positive number of minutes, or 30m, 2h, 3d' },
    ],
    [
      '/ban bob 3rd time',
      { kind: 'invalid', message: '/ban: a duration is a positive number of minutes, or 30m, 2h, 3d' },
    ],
    [
      '/ban bob 2w spam',
      { kind: 'invalid', message: '/ban: a duration is a positive number of minutes, or 30m, 2h, 3d' },
    ],
    ['/ban bob 30m spam', { kind: 'ban', user: 'bob', minutes: 30, reason: 'spam' }],
    ['/ban bob 2h', { kind: 'ban', user: 'bob', minutes: 120 }],
    ['/ban bob 3d flood', { kind: 'ban', user: 'bob', minutes: 3 * 24 * 60, reason: 'flood' }],
    ['/ban bob 1.5H', { kind: 'ban', user: 'bob', minutes: 90 }],
    ['/ban bob abc reason', { kind: 'ban', user: 'bob', reason: 'abc reason' }],
    ['/mute bob 10 calm down', { kind: 'mute', user: 'bob', minutes: 10, reason: 'calm down' }],
    ['/mute', { kind: 'invalid', message: 'usage: /mute <user> [duration] [reason]' }],
    ['/unban bob', { kind: 'unban', user: 'bob' }],
    ['/unmute bob', { kind: 'unmute', user: 'bob' }],
    ['/unmute bob now', { kind: 'invalid', message: 'usage: /unmute <user>' }],
    ['/help', { kind: 'help' }],
    ['/quit', { kind: 'quit' }],
    ['/exit', { kind: 'quit' }],
    ['/nope x', { kind: 'invalid', message: 'unknown command /nope; /help lists the commands' }],
  ])('%j', (line, expected) => {
    expect(parseCommand(line)).toEqual(expected);
  });
});

describe('room commands', () => {
  it.each<[string, Command]>([
    ['/join #dev', { kind: 'join', room: '#dev' }],
    ['/join dev', { kind: 'join', room: '#dev' }],
    ['/join', { kind: 'invalid', message: 'usage: /join <#room>' }],
    ['/create #dev', { kind: 'create', room: '#dev', private: false }],
    [
      '/create #dev Builds and bugs',
      { kind: 'create', room: '#dev', private: false, topic: 'Builds and bugs' },
    ],
    ['/create #ops --private On call', { kind: 'create', room: '#ops', private: true, topic: 'On call' }],
    ['/part #dev', { kind: 'part', room: '#dev' }],
    ['/part', { kind: 'part' }],
    ['/part dev', { kind: 'part', room: '#dev' }],
    ['/rooms', { kind: 'rooms' }],
    ['/rooms dev', { kind: 'rooms', search: 'dev' }],
    ['/names #dev', { kind: 'names', room: '#dev' }],
    ['/names bob', { kind: 'invalid', message: 'usage: /names [#room]' }],
    ['/topic #dev', { kind: 'topic', room: '#dev' }],
    ['/topic #dev Release on Friday', { kind: 'topic', room: '#dev', topic: 'Release on Friday' }],
    ['/topic Release on Friday', { kind: 'topic', topic: 'Release on Friday' }],
    ['/invite bob #dev', { kind: 'invite', user: 'bob', room: '#dev' }],
    ['/invite bob', { kind: 'invite', user: 'bob' }],
    ['/invite bob carol', { kind: 'invalid', message: 'usage: /invite <user> [#room]' }],
    [
      '/kickroom bob #dev spamming links',
      { kind: 'kickroom', user: 'bob', room: '#dev', reason: 'spamming links' },
    ],
    ['/kickroom bob spamming', { kind: 'kickroom', user: 'bob', reason: 'spamming' }],
    ['/kickroom', { kind: 'invalid', message: 'usage: /kickroom <user> [#room] [reason]' }],
    ['/switch #dev', { kind: 'switch', to: '#dev' }],
    ['/switch bob', { kind: 'switch', to: 'bob' }],
    ['/switch bob, carol', { kind: 'switch', to: ['bob', 'carol'] }],
    ['/switch *', { kind: 'switch', to: '*' }],
    ['/switch', { kind: 'invalid', message: 'usage: /switch <#room|user|a,b|*>' }],
    ['/query bob', { kind: 'switch', to: 'bob' }],
    ['/query #dev', { kind: 'invalid', message: 'usage: /query <user>' }],
  ])('%s', (line, expected) => {
    expect(parseCommand(line)).toEqual(expected);
  });

  it('sends plain text where /switch points, and fills in its room for the room commands', () => {
    expect(parseCommand('hello', '#dev')).toEqual({ kind: 'say', to: '#dev', text: 'hello' });
    expect(parseCommand('//slash', 'bob')).toEqual({ kind: 'say', to: 'bob', text: '/slash' });
    expect(parseCommand('/part', '#dev')).toEqual({ kind: 'part', room: '#dev' });
    expect(parseCommand('/names', '#dev')).toEqual({ kind: 'names', room: '#dev' });
    expect(parseCommand('/topic New topic', '#dev')).toEqual({
      kind: 'topic',
      room: '#dev',
      topic: 'New topic',
    });
    expect(parseCommand('/invite carol', '#dev')).toEqual({ kind: 'invite', user: 'carol', room: '#dev' });
    expect(parseCommand('/kickroom bob rude', '#dev')).toEqual({
      kind: 'kickroom',
      user: 'bob',
      room: '#dev',
      reason: 'rude',
    });
    expect(parseCommand('/part', 'bob')).toEqual({ kind: 'part' });
    expect(parseCommand('/history', '#dev')).toEqual({ kind: 'history', with: '#dev' });
    expect(parseCommand('/history *', '#dev')).toEqual({ kind: 'history', with: '*' });
    expect(parseCommand('/send cat.png', '#dev')).toEqual({ kind: 'send-file', path: 'cat.png', to: '#dev' });
    expect(parseCommand('/voice memo.ogg', 'bob')).toEqual({
      kind: 'send-media',
      media: 'voice',
      path: 'memo.ogg',
      to: 'bob',
    });
    expect(parseCommand('/image cat.png *', '#dev')).toEqual({
      kind: 'send-media',
      media: 'image',
      path: 'cat.png',
      to: '*',
    });
    // A room typed without its `#` is that room, not the one /switch points at.
    expect(parseCommand('/part ops', '#dev')).toEqual({ kind: 'part', room: '#ops' });
  });
});

describe(parseRecipient.name, () => {
  it.each([
    ['*', '*'],
    [' * ', '*'],
    ['bob', 'bob'],
    ['bob,carol', ['bob', 'carol']],
    ['bob, carol ,dave', ['bob', 'carol', 'dave']],
    ['bob,', 'bob'],
    ['', undefined],
    [',,', undefined],
  ])('%j → %j', (text, expected) => {
    expect(parseRecipient(text)).toEqual(expected);
  });
});

describe(splitWords.name, () => {
  it.each([
    ['a b c', 1, { words: ['a'], rest: 'b c' }],
    ['  a   b  ', 2, { words: ['a', 'b'], rest: '' }],
    ['"a b" c', 1, { words: ['a b'], rest: 'c' }],
    ['\'a b\' "c d" e', 2, { words: ['a b', 'c d'], rest: 'e' }],
    ['"unclosed x', 1, { words: ['"unclosed'], rest: 'x' }],
    ['', 2, { words: [], rest: '' }],
  ])('%j, %d', (text, count, expected) => {
    expect(splitWords(text, count)).toEqual(expected);
  });
});

describe(complete.name, () => {
  const names = ['alice', 'Bob', 'bobby'];
  it.each<[string, [string[], string]]>([
    ['/m', [['/msg ', '/more ', '/me ', '/mute '], '/m']],
    ['/wh', [['/who '], '/wh']],
    ['/v', [['/voice '], '/v']],
    ['/i', [['/image ', '/invite '], '/i']],
    ['/p', [['/play ', '/part '], '/p']],
    ['/g', [['/group ', '/get '], '/g']],
    ['/msg b', [['Bob', 'bobby'], 'b']],
    ['/group alice,b', [['Bob', 'bobby'], 'b']],
    ['hi al', [['alice'], 'al']],
    ['x', [[], 'x']],
  ])('%j', (line, expected) => {
    expect(complete(line, names)).toEqual(expected);
  });
});

describe('COMMAND_USAGE', () => {
  it.each(COMMAND_NAMES)('/help explains %s', (name) => {
    expect(COMMAND_USAGE.some(([usage]) => usage === name || usage.startsWith(`${name} `))).toBe(true);
  });
});

describe('the message commands', () => {
  it.each<[string, Command]>([
    ['/me waves', { kind: 'me', to: '#dev', text: 'waves' }],
    ['/edit 3 fixed it', { kind: 'edit', n: 3, text: 'fixed it' }],
    ['/edit (12) fixed', { kind: 'edit', n: 12, text: 'fixed' }],
    ['/reply 7 yes, me', { kind: 'reply', n: 7, text: 'yes, me' }],
    ['/delete 4', { kind: 'delete', n: 4 }],
    ['/react 2 👍', { kind: 'react', n: 2, emoji: '👍', remove: false }],
    ['/react 2 -👍', { kind: 'react', n: 2, emoji: '👍', remove: true }],
    ['/unreact 2 👍', { kind: 'react', n: 2, emoji: '👍', remove: true }],
    ['/search deploy friday', { kind: 'search', q: 'deploy friday' }],
    ['/search deploy in #ops from bob', { kind: 'search', q: 'deploy', with: '#ops', from: 'bob' }],
    ['/search deploy in alice,carol', { kind: 'search', q: 'deploy', with: ['alice', 'carol'] }],
    ['/search note from bob in bob', { kind: 'search', q: 'note', with: 'bob', from: 'bob' }],
    ['/search in', { kind: 'search', q: 'in' }],
    ['/more', { kind: 'more' }],
    ['/clear', { kind: 'clear' }],
  ])('%s', (line, expected) => {
    expect(parseCommand(line, '#dev')).toEqual(expected);
  });

  it.each([
    '/edit',
    '/edit 3',
    '/edit x text',
    '/edit 0 text',
    '/delete',
    '/delete 3 4',
    '/react 3',
    '/me',
    '/search',
    '/reply 1000 x',
  ])('%s is a usage error', (line) => {
    expect(parseCommand(line).kind).toBe('invalid');
  });
});
