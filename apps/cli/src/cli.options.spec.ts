import { describe, expect, it } from 'vitest';

import { CliOptions, createProgram, parseCliOptions } from './cli.options';

/** Parses with errors thrown instead of exiting the test process. */
function parse(args: string[], env: NodeJS.ProcessEnv = {}): CliOptions {
  const program = createProgram()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  return parseCliOptions(args, env, program);
}

const DEFAULTS: CliOptions = {
  mode: 'interactive',
  host: '127.0.0.1',
  port: 8888,
  register: false,
  to: '*',
  json: false,
};

describe(parseCliOptions.name, () => {
  it.each<[string[], NodeJS.ProcessEnv, Partial<CliOptions>]>([
    [[], {}, DEFAULTS],
    [['--host', '10.0.0.2', '--port', '9000'], {}, { ...DEFAULTS, host: '10.0.0.2', port: 9000 }],
    [
      ['--user', 'alice', '--password', 'pw-123456'],
      {},
      { ...DEFAULTS, user: 'alice', password: 'pw-123456' },
    ],
    [
      ['--user', 'alice'],
      { CHAT_PASSWORD: 'from-env-1' },
      { ...DEFAULTS, user: 'alice', password: 'from-env-1' },
    ],
    [
      ['-u', 'alice', '-p', 'flag-wins'],
      { CHAT_PASSWORD: 'env' },
      { ...DEFAULTS, user: 'alice', password: 'flag-wins' },
    ],
    [['--user', 'alice'], { CHAT_PASSWORD: '' }, { ...DEFAULTS, user: 'alice' }],
    [['--user', 'al', '--register'], {}, { ...DEFAULTS, user: 'al', register: true }],
    [['--token', 'jwt'], {}, { ...DEFAULTS, token: 'jwt' }],
    [
      ['--user', 'a', '--send', 'hi', '--to', 'bob,carol'],
      {},
      { ...DEFAULTS, mode: 'send', user: 'a', text: 'hi', to: ['bob', 'carol'] },
    ],
    [
      ['--user', 'a', '--send', 'hi', '--to', '#dev'],
      {},
      { ...DEFAULTS, mode: 'send', user: 'a', text: 'hi', to: '#dev' },
    ],
    [
      ['--token', 't', '--send', '-', '--json'],
      {},
      { ...DEFAULTS, mode: 'send', token: 't', text: '-', json: true },
    ],
    [['--user', 'a', '--listen', '--json'], {}, { ...DEFAULTS, mode: 'listen', user: 'a', json: true }],
    [['--user', 'a', '--listen', '--since', '42'], {}, { ...DEFAULTS, mode: 'listen', user: 'a', since: 42 }],
  ])('%j', (args, env, expected) => {
    expect(parse(args, env)).toEqual(expected);
  });

  it.each<[string[], RegExp]>([
    [['--port', '0'], /expected a port/],
    [['--port', '70000'], /expected a port/],
    [['--port', 'http'], /expected a port/],
    [['--send', 'hi'], /--send needs --user/],
    [['--listen'], /--listen needs --user/],
    [['--user', 'a', '--send', 'x', '--listen'], /exclude each other/],
    [['--user', 'a', '--to', 'bob'], /--to goes with --send/],
    [['--user', 'a', '--send', 'x', '--to', ','], /expected \*, a user name/],
    [['--user', 'a', '--since', '3'], /--since goes with --listen/],
    [['--user', 'a', '--listen', '--since', '-1'], /expected a message seq/],
    [['--token', 't', '--register'], /--register needs --user/],
    [['--bogus'], /unknown option/],
    [['stray'], /too many arguments/],
  ])('rejects %j', (args, message) => {
    expect(() => parse(args)).toThrow(message);
  });
});
