import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { CliOptions, createProgram, parseCliOptions, serverOptions } from './cli.options';

/** A CA certificate (PEM, no key kept): --ca only checks that the file holds one. */
const CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBhDCCASmgAwIBAgIUayLw6p05YXTmrNp9WN+ZgdxjMP4wCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMY2hhdC1zcGVjLWNhMB4XDTI2MTIwMzA2MTMwMFoXDTI2MTIw
NDA2MTMwMFowFzEVMBMGA1UEAwwMY2hhdC1zcGVjLWNhMFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAEwChy8lAdrGnVERjv6clhavJT6hAHuSJO86p9JTA1SDIaOU2V
H2GwyZ05d7TLpmWRMEUyC/7BgC5csPV2MbCSSKNTMFEwHQYDVR0OBBYEFGHr66j5
tUXycavL81ykRwRpRFr/MB8GA1UdIwQYMBaAFGHr66j5tUXycavL81ykRwRpRFr/
MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAMUQUVjdAMiROWWW
1f+V/WH7FNMEZEhUI5swNovwYctyAiEAlnbUsUsPS3QY2FTgymwxQUxdnOeOO+B4
Qi5ivnWaxUI=
-----END CERTIFICATE-----
`;
const dir = mkdtempSync(join(tmpdir(), 'cli-options-'));
const CA_FILE = join(dir, 'ca.pem');
const NOT_PEM = join(dir, 'notes.txt');
writeFileSync(CA_FILE, CA_PEM);
writeFileSync(NOT_PEM, 'not a certificate');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    [['--tls'], {}, { ...DEFAULTS, tls: {} }],
    [['--tls', '--ca', CA_FILE], {}, { ...DEFAULTS, tls: { ca: CA_PEM } }],
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
    [['--ca', CA_FILE], /--ca goes with --tls/],
    [['--tls', '--ca', join(dir, 'missing.pem')], /--ca: cannot read \S+missing\.pem \(ENOENT\)/],
    [['--tls', '--ca', NOT_PEM], /--ca: \S+notes\.txt is not a PEM certificate/],
  ])('rejects %j', (args, message) => {
    expect(() => parse(args)).toThrow(message);
  });
});

describe(serverOptions.name, () => {
  it('passes TLS to the client core only with --tls', () => {
    expect(serverOptions(parse([]))).toEqual({ host: '127.0.0.1', port: 8888 });
    expect(serverOptions(parse(['--tls', '--ca', CA_FILE]))).toEqual({
      host: '127.0.0.1',
      port: 8888,
      tls: { ca: CA_PEM },
    });
  });
});
