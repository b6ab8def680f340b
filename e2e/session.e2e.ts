import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatError, PRESENCE_WINDOW_MS, PRODUCT_NAME } from '@chat/protocol';

import { ADMIN, EdgeProcess } from './support/edge-process';
import { eventually, nextEvent } from './support/events';
import { RawSocket } from './support/raw-socket';

describe('session (protocol.md §1-3)', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start({ env: { IDLE_TIMEOUT_SEC: '2', MAX_FRAME_KB: '64' } });
  });
  afterAll(() => edge.dispose());

  it('greets every connection with hello', async () => {
    const raw = await RawSocket.open(edge.port);
    const hello = await raw.waitFor((f) => f.type === 'hello');
    expect(hello).toMatchObject({ type: 'hello', server: PRODUCT_NAME, protocol: 1 });
    expect(hello.features).toEqual(expect.arrayContaining(['files', 'history']));
    // voiceSec and imagePx where the edge found ffmpeg (protocol.md §10; e2e/media-unavailable.e2e.ts without).
    expect(hello.limits).toEqual({
      frame: 64 * 1024,
      text: 4000,
      file: 104857600,
      chunk: 262144,
      ...((hello.features as string[]).includes('media') ? { voiceSec: 300, imagePx: 1920 } : {}),
    });
    raw.close();
  });

  it('answers a client hello, and ping with pong', async () => {
    const raw = await RawSocket.open(edge.port);
    raw.send({ type: 'hello', id: 'h' });
    raw.send({ type: 'ping', id: 'p' });
    expect(await raw.reply('h')).toMatchObject({ type: 'ok', protocol: 1 });
    expect(await raw.reply('p')).toEqual({ type: 'pong', re: 'p' });
    raw.close();
  });

  it('registers, refuses a taken name in any case, and checks name and password', async () => {
    const c = await edge.connect();
    await expect(c.request('register', { user: 'Alice_1', password: 'password-1' })).resolves.toEqual({
      user: 'Alice_1',
    });
    const cases: [string, string, string][] = [
      ['alice_1', 'password-1', 'USER_EXISTS'],
      ['ALICE_1', 'password-1', 'USER_EXISTS'],
      ['al', 'password-1', 'INVALID_USERNAME'],
      ['a'.repeat(33), 'password-1', 'INVALID_USERNAME'],
      ['bad name', 'password-1', 'INVALID_USERNAME'],
      ['bad/name', 'password-1', 'INVALID_USERNAME'],
      ['bob_1', 'short', 'WEAK_PASSWORD'],
      ['bob_1', '', 'WEAK_PASSWORD'],
    ];
    for (const [user, password, code] of cases) {
      await expect(c.request('register', { user, password }), `${user}/${password}`).rejects.toMatchObject({
        code,
      });
    }
    await c.close();
  });

  it('logs in with a password or a token, and refuses bad credentials', async () => {
    const c = await edge.connect();
    await c.request('register', { user: 'carol', password: 'carol-password' });
    const ok = await c.request('login', { user: 'CAROL', password: 'carol-password' });
    expect(ok).toMatchObject({ user: 'carol', role: 'user', online: expect.arrayContaining(['carol']) });
    expect(typeof ok.token).toBe('string');
    expect(typeof ok.seq).toBe('number');

    const byToken = await edge.connect();
    await expect(byToken.request('login', { token: ok.token })).resolves.toMatchObject({ user: 'carol' });

    const bad = await edge.connect();
    const cases: [Record<string, unknown>, string][] = [
      [{ user: 'carol', password: 'wrong-password' }, 'BAD_CREDENTIALS'],
      [{ user: 'nobody', password: 'whatever-123' }, 'BAD_CREDENTIALS'],
      [{ user: 'x y', password: 'whatever-123' }, 'BAD_CREDENTIALS'],
      [{ token: 'not.a.jwt' }, 'BAD_CREDENTIALS'],
      [{ user: 'carol' }, 'INVALID'],
      [{}, 'INVALID'],
    ];
    for (const [fields, code] of cases) {
      await expect(bad.request('login', fields as never), JSON.stringify(fields)).rejects.toMatchObject({
        code,
      });
    }
    await Promise.all([c.close(), byToken.close(), bad.close()]);
  });

  it('answers NOT_AUTHENTICATED to every other frame before login', async () => {
    const raw = await RawSocket.open(edge.port);
    const frames = [
      { type: 'who' },
      { type: 'send', to: '*', text: 'hi' },
      { type: 'history', with: '*' },
      { type: 'file.offer', name: 'a', size: 1, sha256: 'a'.repeat(64) },
      { type: 'file.done', upload: 'x' },
      { type: 'file.get', fileId: 'x' },
      { type: 'logout' },
      { type: 'kick', user: 'carol' },
      { type: 'ban', user: 'carol' },
      { type: 'unban', user: 'carol' },
      { type: 'mute', user: 'carol' },
      { type: 'unmute', user: 'carol' },
    ];
    frames.forEach((f, i) => raw.send({ ...f, id: `n${i}` }));
    for (let i = 0; i < frames.length; i++) {
      expect(await raw.reply(`n${i}`), frames[i].type).toMatchObject({
        type: 'error',
        code: 'NOT_AUTHENTICATED',
      });
    }
    raw.close();
  });

  it('keeps the connection open on a bad frame, and closes it after 10 in a row', async () => {
    const raw = await RawSocket.open(edge.port);
    const bad = ['not json', '[1,2]', '"text"', '{"id":"b1"}', '{"type":42,"id":"b2"}', '{"type":"ping"'];
    for (const line of bad) raw.write(line + '\n');
    raw.send({ type: 'ping', id: 'alive' });
    expect(await raw.reply('alive')).toEqual({ type: 'pong', re: 'alive' });
    const errors = raw.frames.filter((f) => f.type === 'error');
    expect(errors).toHaveLength(bad.length);
    expect(errors.every((f) => f.code === 'BAD_FRAME')).toBe(true);
    expect(errors.find((f) => f.re === 'b1')).toBeDefined();
    for (let i = 0; i < 10; i++) raw.write('garbage\n');
    await raw.waitClosed();
    expect(raw.frames.filter((f) => f.code === 'BAD_FRAME')).toHaveLength(bad.length + 10);
  });

  it('ignores empty lines and accepts CRLF', async () => {
    const raw = await RawSocket.open(edge.port);
    raw.write('\n\r\n\n{"type":"ping","id":"crlf"}\r\n');
    expect(await raw.reply('crlf')).toEqual({ type: 'pong', re: 'crlf' });
    expect(raw.frames.filter((f) => f.type === 'error')).toEqual([]);
    raw.close();
  });

  it('answers UNKNOWN_TYPE and INVALID naming the field', async () => {
    const raw = await RawSocket.open(edge.port);
    raw.send({ type: 'dance', id: 'u' });
    raw.send({ type: 'register', id: 'i1', user: 'dave' });
    raw.send({ type: 'register', id: 'i2', user: 5, password: 'password-1' });
    raw.send({ type: 'login', id: 'i3', user: 'dave', password: 'password-1', since: -1 });
    expect(await raw.reply('u')).toMatchObject({ code: 'UNKNOWN_TYPE' });
    expect(await raw.reply('i1')).toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('password'),
    });
    expect(await raw.reply('i2')).toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('user'),
    });
    expect(await raw.reply('i3')).toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('since'),
    });
    raw.close();
  });

  it('answers FRAME_TOO_LARGE to an over-long line and closes', async () => {
    const raw = await RawSocket.open(edge.port);
    raw.write('{"type":"ping","pad":"' + 'x'.repeat(70 * 1024) + '"}\n');
    const err = await raw.waitFor((f) => f.type === 'error');
    expect(err.code).toBe('FRAME_TOO_LARGE');
    await raw.waitClosed();
  });

  it('closes after logout', async () => {
    const c = await edge.login('erin');
    const closed = new Promise((r) => c.once('close', r));
    await expect(c.request('logout', {})).resolves.toEqual({});
    await closed;
    expect(c.closed).toBe(true);
  });

  it('pings an idle connection, and closes one that stays silent past the idle timeout', async () => {
    const raw = await RawSocket.open(edge.port);
    await raw.waitFor((f) => f.type === 'ping', 8_000);
    await raw.waitClosed(8_000);
  });

  it('keeps a client that answers pings', async () => {
    const c = await edge.login('frank');
    await new Promise((r) => setTimeout(r, 4_500));
    expect(c.closed).toBe(false);
    await expect(c.request('who', {})).resolves.toMatchObject({ online: expect.arrayContaining(['frank']) });
    await c.close();
  });

  it('lets the configured admin log in with the admin role', async () => {
    const c = await edge.connect();
    await expect(c.request('login', ADMIN)).resolves.toMatchObject({ user: 'admin', role: 'admin' });
    await c.close();
  });

  it('tells presence changes to every logged-in connection, once per user', async () => {
    const watcher = await edge.login('gina');
    const seen: { user: string; status: string }[] = [];
    // gina's own arrival may come after her log-in reply: presence is coalesced, up to a second.
    watcher.on('presence', (p: { user: string; status: string }) => {
      if (p.user !== 'gina') seen.push(p);
    });
    const h1 = await edge.login('henry');
    await eventually(() => expect(seen).toMatchObject([{ user: 'henry', status: 'online' }]));
    const h2 = await edge.login('henry');
    await h2.close();
    await h1.request('who', {});
    // A presence window later, still one: henry's second connection changed nothing.
    await new Promise((resolve) => setTimeout(resolve, PRESENCE_WINDOW_MS + 200));
    expect(seen).toHaveLength(1);
    const offline = nextEvent(watcher, 'presence');
    await h1.close();
    await expect(offline).resolves.toMatchObject({ user: 'henry', status: 'offline' });
    const who = await watcher.request('who', {});
    expect(who.online).not.toContain('henry');
    expect(who.count).toBe(who.online.length);
    expect([...who.online]).toEqual(
      [...who.online].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
    await watcher.close();
  });

  it('maps errors to ChatError on the client', async () => {
    const c = await edge.connect();
    const err = await c.request('who', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatError);
    await c.close();
  });
});

/**
 * Password guessing and account floods (issue 13 items 9, 17, 22). Every test comes from loopback
 * addresses of its own (127.0.0.x), as different clients would, so that their limits stay apart.
 */
describe('log-in and registration throttling', () => {
  /** FREE_LOGIN_FAILURES (libs/core/src/auth/login-throttle.ts): wrong passwords that cost nothing. */
  const FREE_FAILURES = 5;
  let edge: EdgeProcess;
  const open: RawSocket[] = [];
  const from = async (address: string): Promise<RawSocket> => {
    const raw = await RawSocket.open(edge.port, edge.host, address);
    open.push(raw);
    return raw;
  };

  beforeAll(async () => {
    edge = await EdgeProcess.start({
      env: { LOGIN_RATE_PER_ADDRESS: '10/1m', REGISTER_RATE_PER_ADDRESS: '3/1h' },
    });
  });
  afterAll(async () => {
    for (const raw of open) raw.close();
    await edge.dispose();
  });

  it('after a few wrong passwords makes the account wait, from any address, even for the right password', async () => {
    const attacker = await from('127.0.0.11');
    await attacker.request({ type: 'register', user: 'victim', password: 'victim-password' });
    for (let i = 0; i <= FREE_FAILURES; i++) {
      expect(await attacker.request({ type: 'login', user: 'victim', password: `guess-${i}` })).toMatchObject(
        {
          code: 'BAD_CREDENTIALS',
        },
      );
    }

    const refused = await attacker.request({ type: 'login', user: 'victim', password: 'guess-x' });
    expect(refused).toMatchObject({
      type: 'error',
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/account/),
    });
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    const owner = await from('127.0.0.12');
    const ownerRefused = await owner.request({ type: 'login', user: 'VICTIM', password: 'victim-password' });
    expect(ownerRefused).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });

    // Another account, from the same address, is not held up.
    await attacker.request({ type: 'register', user: 'bystander', password: 'bystander-password' });
    expect(
      await attacker.request({ type: 'login', user: 'bystander', password: 'bystander-password' }),
    ).toMatchObject({ type: 'ok', user: 'bystander' });

    // The wait is a wait, not a lock-out: after it the right password works, and clears the count.
    await new Promise((resolve) => setTimeout(resolve, (ownerRefused.retryAfterMs as number) + 50));
    expect(await owner.request({ type: 'login', user: 'victim', password: 'victim-password' })).toMatchObject(
      {
        type: 'ok',
        user: 'victim',
      },
    );
    expect(await owner.request({ type: 'login', user: 'victim', password: 'guess-y' })).toMatchObject({
      code: 'BAD_CREDENTIALS',
    });
  });

  it('limits the password log-ins of one address (LOGIN_RATE_PER_ADDRESS), whatever the accounts', async () => {
    const sprayer = await from('127.0.0.13');
    for (let i = 0; i < 10; i++) {
      expect(
        await sprayer.request({ type: 'login', user: `user${i}`, password: 'password-1' }),
      ).toMatchObject({
        code: 'BAD_CREDENTIALS',
      });
    }
    const refused = await sprayer.request({ type: 'login', user: 'user10', password: 'password-1' });
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/your address/) });
    expect(refused.retryAfterMs).toBeGreaterThan(0);

    const other = await from('127.0.0.14');
    await other.request({ type: 'register', user: 'neighbour', password: 'neighbour-password' });
    expect(
      await other.request({ type: 'login', user: 'neighbour', password: 'neighbour-password' }),
    ).toMatchObject({ type: 'ok', user: 'neighbour' });
  });

  it('limits the accounts one address creates (REGISTER_RATE_PER_ADDRESS); a taken name does not count', async () => {
    const flooder = await from('127.0.0.15');
    for (const user of ['flood1', 'flood2']) {
      expect(await flooder.request({ type: 'register', user, password: 'password-1' })).toMatchObject({
        type: 'ok',
      });
    }
    expect(await flooder.request({ type: 'register', user: 'FLOOD1', password: 'password-1' })).toMatchObject(
      {
        code: 'USER_EXISTS',
      },
    );
    expect(await flooder.request({ type: 'register', user: 'flood3', password: 'password-1' })).toMatchObject(
      {
        type: 'ok',
      },
    );
    const refused = await flooder.request({ type: 'register', user: 'flood4', password: 'password-1' });
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/accounts/) });
    expect(refused.retryAfterMs).toBeGreaterThan(0);

    const other = await from('127.0.0.16');
    expect(await other.request({ type: 'register', user: 'flood4', password: 'password-1' })).toMatchObject({
      type: 'ok',
      user: 'flood4',
    });
  });

  it('refuses a name that looks like an existing one (TR39 skeleton) with USER_EXISTS', async () => {
    const c = await from('127.0.0.17');
    for (const user of ['alice', 'mallory'])
      await c.request({ type: 'register', user, password: 'password-1' });
    for (const [user, like] of [
      ['aIice', 'alice'],
      ['a1ice', 'alice'],
      ['rnallory', 'mallory'],
    ]) {
      expect(await c.request({ type: 'register', user, password: 'password-1' }), user).toMatchObject({
        type: 'error',
        code: 'USER_EXISTS',
        message: `"${user}" looks like the existing name "${like}"; choose another`,
      });
    }
  });
});
