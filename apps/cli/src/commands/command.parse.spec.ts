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
    ['/ban bob 0', { kind: 'invalid', message: '/ban: minutes must be a positive number' }],
    ['/ban bob -5 x', { kind: 'invalid', message: '/ban: minutes must be a positive number' }],
    ['/ban bob 3rd time', { kind: 'ban', user: 'bob', reason: '3rd time' }],
    ['/mute bob 10 calm down', { kind: 'mute', user: 'bob', minutes: 10, reason: 'calm down' }],
    ['/mute', { kind: 'invalid', message: 'usage: /mute <user> [minutes] [reason]' }],
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
    ['/m', [['/msg ', '/mute '], '/m']],
    ['/wh', [['/who '], '/wh']],
    ['/v', [['/voice '], '/v']],
    ['/i', [['/image '], '/i']],
    ['/p', [['/play '], '/p']],
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
