import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, OkReplies } from '@chat/protocol';

import { nextEvent } from './support/events';
import { ROOT } from './support/service-process';
import { SystemProcess } from './support/system-process';
import { WsPeer } from './support/ws-peer';

const DAY = 86_400;
const REFRESH_LIMIT = 30 * DAY;
const SIGNED_OUT = { code: 'BAD_CREDENTIALS', message: 'This session was signed out; log in again' };

/**
 * Tokens can be revoked and do not renew themselves forever (issue 13, item 11), over real TCP,
 * WebSocket and HTTP: the edge and the api as processes on one data directory.
 */
describe('tokens: revocation and the refresh limit', () => {
  let sys: SystemProcess;
  let secret: string;

  beforeAll(async () => {
    sys = await SystemProcess.start();
    // The secret the system generated into its data directory: to mint tokens as it would.
    secret = readFileSync(join(sys.edge.dataDir, 'jwt-secret'), 'utf8').trim();
  });
  afterAll(async () => {
    await sys?.dispose();
  });

  /** Logs in over TCP with a password; the reply's token. */
  async function tcpToken(user: string, password = `${user}-password`): Promise<string> {
    const client = await sys.edge.connect();
    await client.request('register', { user, password }).catch(() => undefined);
    const { token } = await client.request('login', { user, password });
    await client.close();
    return token;
  }

  /** A new connection's `login` with `token`: its reply, or its refusal. */
  async function tokenLogin(token: string): Promise<OkReplies['login']> {
    const client = await sys.edge.connect();
    try {
      return await client.request('login', { token });
    } finally {
      await client.close();
    }
  }

  const me = (token: string) => sys.request('GET', '/api/me', { token });

  /** Resolves once the session's connection got `kicked` and was closed, with the event. */
  function kickedAndClosed(client: ChatClient): Promise<Record<string, unknown>> {
    const closed = new Promise((resolve) => client.once('close', resolve));
    return nextEvent(client, 'kicked').then(async (event) => (await closed, event));
  }

  describe('a password change', () => {
    it('voids every earlier token over TCP and REST, ends the live sessions, and answers a token that works', async () => {
      const before = await tcpToken('pat');
      const rest = await sys.token('pat');
      const live = await sys.tcp('pat');
      const ended = kickedAndClosed(live);

      const res = await sys.request<{ accessToken: string }>('POST', '/api/auth/password', {
        token: rest,
        json: { currentPassword: 'pat-password', newPassword: 'pat-new-password' },
      });

      expect(res).toMatchObject({ status: 200, body: { user: { username: 'pat', role: 'user' } } });
      expect(await ended).toEqual({ type: 'kicked', by: 'pat', reason: 'Your password was changed' });
      await expect(tokenLogin(before)).rejects.toMatchObject(SIGNED_OUT);
      expect(await me(rest)).toMatchObject({ status: 401, body: SIGNED_OUT });
      // The fresh token, and the new password only.
      expect(await me(res.body.accessToken)).toMatchObject({ status: 200, body: { username: 'pat' } });
      await expect(tokenLogin(res.body.accessToken)).resolves.toMatchObject({ user: 'pat' });
      const client = await sys.edge.connect();
      await expect(client.request('login', { user: 'pat', password: 'pat-password' })).rejects.toMatchObject({
        code: 'BAD_CREDENTIALS',
      });
      await expect(
        client.request('login', { user: 'pat', password: 'pat-new-password' }),
      ).resolves.toMatchObject({
        user: 'pat',
      });
      await client.close();
    });

    it.each([
      [
        'a wrong current password',
        { currentPassword: 'wrong-password', newPassword: 'long-enough' },
        401,
        'BAD_CREDENTIALS',
      ],
      [
        'a weak new password',
        { currentPassword: 'quin-password', newPassword: 'short' },
        400,
        'WEAK_PASSWORD',
      ],
      ['no new password', { currentPassword: 'quin-password' }, 400, 'INVALID'],
    ])('refuses %s, and the token still works', async (_case, json, status, code) => {
      const token = await sys.token('quin');
      const res = await sys.request('POST', '/api/auth/password', { token, json });
      expect(res).toMatchObject({ status, body: { code } });
      expect((await me(token)).status).toBe(200);
    });

    it('needs a token: 401 NOT_AUTHENTICATED', async () => {
      const res = await sys.request('POST', '/api/auth/password', {
        json: { currentPassword: 'x'.repeat(8), newPassword: 'y'.repeat(8) },
      });
      expect(res).toMatchObject({ status: 401, body: { code: 'NOT_AUTHENTICATED' } });
    });
  });

  describe('log out everywhere', () => {
    it('over REST: every token of the user is refused over TCP, WebSocket and REST, and every session ends', async () => {
      const tcp = await tcpToken('lou');
      const rest = await sys.token('lou');
      const other = await sys.token('other1');
      const live = await sys.tcp('lou');
      const ended = kickedAndClosed(live);

      const res = await sys.request('POST', '/api/auth/logout-all', { token: rest });

      expect(res.status).toBe(204);
      expect(await ended).toEqual({ type: 'kicked', by: 'lou', reason: 'Signed out everywhere' });
      await expect(tokenLogin(tcp)).rejects.toMatchObject(SIGNED_OUT);
      const web = await WsPeer.open(sys.edge.wsPort);
      web.send({ type: 'login', id: 'l', token: tcp });
      expect(await web.reply('l')).toMatchObject({ type: 'error', ...SIGNED_OUT });
      web.ws.close();
      for (const token of [tcp, rest])
        expect(await me(token)).toMatchObject({ status: 401, body: SIGNED_OUT });
      // Nobody else is signed out, and the password still logs in.
      expect((await me(other)).status).toBe(200);
      expect((await me(await sys.token('lou'))).status).toBe(200);
    });

    it('over TCP, `logout` with `everywhere`: ok, then this connection closes, the others get kicked', async () => {
      const rest = await sys.token('tess');
      const laptop = await sys.tcp('tess');
      const phone = await sys.tcp('tess');
      const ended = kickedAndClosed(phone);
      const laptopClosed = new Promise((resolve) => laptop.once('close', resolve));

      await expect(laptop.request('logout', { everywhere: true })).resolves.toEqual({});

      await laptopClosed;
      expect(await ended).toEqual({ type: 'kicked', by: 'tess', reason: 'Signed out everywhere' });
      expect(await me(rest)).toMatchObject({ status: 401, body: SIGNED_OUT });
    });
  });

  it('the terminal client with a revoked --token says why and exits 1; with a fresh one it sends', async () => {
    const stale = await tcpToken('cleo');
    await sys.request('POST', '/api/auth/logout-all', { token: stale });
    const cli = (token: string) =>
      spawnSync(
        process.execPath,
        [
          join(ROOT, 'dist/apps/cli/src/main.js'),
          ...['--host', sys.edge.host, '--port', String(sys.edge.port), '--token', token],
          ...['--send', 'hi', '--to', '*'],
        ],
        { encoding: 'utf8', timeout: 20_000 },
      );

    const refused = cli(stale);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('BAD_CREDENTIALS');
    expect(refused.stderr).toContain('This session was signed out; log in again');
    expect(cli(await tcpToken('cleo'))).toMatchObject({ status: 0, stderr: '' });
  });

  it('after a ban and an unban, a token from before the ban is refused over TCP and REST', async () => {
    const admin = await sys.adminToken();
    const tcp = await tcpToken('benny');
    const rest = await sys.token('benny');

    await sys.request('POST', '/api/admin/users/benny/ban', { token: admin, json: { reason: 'spam' } });
    await expect(tokenLogin(tcp)).rejects.toMatchObject({ code: 'BANNED', details: { reason: 'spam' } });
    await sys.request('DELETE', '/api/admin/users/benny/ban', { token: admin });

    await expect(tokenLogin(tcp)).rejects.toMatchObject(SIGNED_OUT);
    expect(await me(rest)).toMatchObject({ status: 401, body: SIGNED_OUT });
    await expect(tokenLogin(await tcpToken('benny'))).resolves.toMatchObject({ user: 'benny' });
  });

  describe("an admin revokes a user's tokens", () => {
    it('POST /api/admin/users/{username}/revoke-tokens: the sessions end, the tokens are refused, the audit log has it', async () => {
      const admin = await sys.adminToken();
      const tcp = await tcpToken('rita');
      const live = await sys.tcp('rita');
      const ended = kickedAndClosed(live);

      const res = await sys.request('POST', '/api/admin/users/RITA/revoke-tokens', {
        token: admin,
        json: { reason: 'lost phone' },
      });

      expect(res).toMatchObject({ status: 200, body: { user: 'rita' } });
      expect(await ended).toEqual({ type: 'kicked', by: 'admin', reason: 'lost phone' });
      await expect(tokenLogin(tcp)).rejects.toMatchObject(SIGNED_OUT);
      const audit = await sys.request<{ items: Record<string, unknown>[] }>(
        'GET',
        '/api/admin/audit?action=revoke-tokens',
        { token: admin },
      );
      expect(audit.body.items).toEqual([
        expect.objectContaining({
          actor: 'admin',
          action: 'revoke-tokens',
          target: 'rita',
          reason: 'lost phone',
        }),
      ]);
    });

    it.each([
      ['a user', 'user', 'rita', 403, 'FORBIDDEN'],
      ['an admin on itself', 'admin', 'admin', 403, 'FORBIDDEN'],
      ['an unknown user', 'admin', 'ghost', 404, 'NO_SUCH_USER'],
    ])('refuses %s', async (_case, who, target, status, code) => {
      const token = who === 'admin' ? await sys.adminToken() : await sys.token('someone');
      const res = await sys.request('POST', `/api/admin/users/${target}/revoke-tokens`, { token, json: {} });
      expect(res).toMatchObject({ status, body: { code } });
    });
  });

  describe('the refresh limit', () => {
    const now = (): number => Math.floor(Date.now() / 1000);

    it('a password log-in token lasts JWT_TTL (7 days) and names the log-in time', async () => {
      const claims = payload(await tcpToken('ttl'));
      expect(claims.exp - claims.auth_time).toBe(7 * DAY);
      expect(claims.tv).toBe(0);
    });

    it('a token log-in renews the token, but never past the first log-in plus 30 days, over TCP', async () => {
      // The session is a real one (its log-in's); only the log-in time is moved back.
      const { sid } = payload(await tcpToken('ren'));
      const authTime = now() - REFRESH_LIMIT + DAY;
      const old = mint(secret, {
        sub: 'ren',
        role: 'user',
        tv: 0,
        auth_time: authTime,
        sid,
        exp: now() + 3600,
      });

      const { token } = await tokenLogin(old);
      const renewed = payload(token);
      expect(renewed).toMatchObject({ sub: 'ren', auth_time: authTime, exp: authTime + REFRESH_LIMIT, sid });
      // Renewing the renewed token moves nothing further.
      expect(payload((await tokenLogin(token)).token)).toMatchObject({ exp: authTime + REFRESH_LIMIT });
    });

    it('refuses a token whose log-in is older than 30 days, whatever its expiry, over TCP and REST', async () => {
      await tcpToken('stale');
      const old = mint(secret, {
        sub: 'stale',
        role: 'user',
        tv: 0,
        auth_time: now() - REFRESH_LIMIT - 60,
        exp: now() + 3600,
      });
      const tooOld = {
        code: 'BAD_CREDENTIALS',
        message: 'This session is too old; log in with your password again',
      };

      await expect(tokenLogin(old)).rejects.toMatchObject(tooOld);
      expect(await me(old)).toMatchObject({ status: 401, body: tooOld });
    });

    it('refuses a token from before token versions (no tv, no auth_time)', async () => {
      await tcpToken('legacy');
      const old = mint(secret, { sub: 'legacy', role: 'user', exp: now() + 3600 });

      await expect(tokenLogin(old)).rejects.toMatchObject(SIGNED_OUT);
      expect(await me(old)).toMatchObject({ status: 401, body: SIGNED_OUT });
    });
  });
});

interface Claims {
  sub: string;
  tv: number;
  auth_time: number;
  exp: number;
  sid: string;
}

/** The claims of a JWT, unchecked (the server checked them). */
function payload(token: string): Claims {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Claims;
}

/** An HS256 JWT with the system's secret, as the server would sign it. */
function mint(secret: string, claims: Record<string, unknown>): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iat: Math.floor(Date.now() / 1000), ...claims })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
