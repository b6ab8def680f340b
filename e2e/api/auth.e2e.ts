import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN } from '../support/edge-process';
import { SystemProcess } from '../support/system-process';

describe('admin API: auth (register, login, JWT)', () => {
  let sys: SystemProcess;

  beforeAll(async () => {
    sys = await SystemProcess.start();
  });
  afterAll(async () => {
    await sys?.dispose();
  });

  describe('POST /api/auth/register', () => {
    it('creates an account: 201 with name and role', async () => {
      const res = await sys.request('POST', '/api/auth/register', {
        json: { username: 'Alice', password: 'alice-password' },
      });
      expect(res).toMatchObject({ status: 201, body: { username: 'Alice', role: 'user' } });
    });

    it('refuses a taken name, without regard to case: 409 USER_EXISTS', async () => {
      const res = await sys.request('POST', '/api/auth/register', {
        json: { username: 'ALICE', password: 'whatever-123' },
      });
      expect(res).toMatchObject({ status: 409, body: { statusCode: 409, code: 'USER_EXISTS' } });
    });

    it.each([
      ['no body', undefined, 'INVALID', /username must be a string.*password must be a string/],
      [
        'username not a string',
        { username: 42, password: 'long-enough' },
        'INVALID',
        /^username must be a string$/,
      ],
      ['password missing', { username: 'carol' }, 'INVALID', /^password must be a string$/],
      [
        'an unknown field',
        { username: 'carol', password: 'long-enough', admin: true },
        'INVALID',
        /property admin should not exist/,
      ],
      [
        'a name too short',
        { username: 'ab', password: 'long-enough' },
        'INVALID_USERNAME',
        /3 to 32 characters/,
      ],
      [
        'a name too long',
        { username: 'a'.repeat(33), password: 'long-enough' },
        'INVALID_USERNAME',
        /3 to 32/,
      ],
      [
        'a name with a space',
        { username: 'bad name', password: 'long-enough' },
        'INVALID_USERNAME',
        /A-Z a-z 0-9/,
      ],
      ['a weak password', { username: 'carol', password: 'short' }, 'WEAK_PASSWORD', /at least 8/],
    ])('refuses %s: 400 %s', async (_case, json, code, message) => {
      const res = await sys.request('POST', '/api/auth/register', { json });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code });
      expect(res.body.message).toMatch(message);
    });

    it('refuses a body that is not JSON: 400 INVALID', async () => {
      const res = await sys.request('POST', '/api/auth/register', {
        body: '{"username":',
        headers: { 'content-type': 'application/json' },
      });
      expect(res).toMatchObject({ status: 400, body: { code: 'INVALID' } });
    });
  });

  describe('POST /api/auth/login', () => {
    it('answers a token and the user, in any case of the name', async () => {
      const res = await sys.request('POST', '/api/auth/login', {
        json: { username: 'alice', password: 'alice-password' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        user: { username: 'Alice', role: 'user' },
      });
    });

    it.each([
      ['a wrong password', { username: 'alice', password: 'wrong-password' }, 401, 'BAD_CREDENTIALS'],
      ['an unknown user', { username: 'nobody', password: 'alice-password' }, 401, 'BAD_CREDENTIALS'],
      ['a name that is no name', { username: '../../x', password: 'alice-password' }, 401, 'BAD_CREDENTIALS'],
      ['no password', { username: 'alice' }, 400, 'INVALID'],
      ['a password that is not a string', { username: 'alice', password: ['x'] }, 400, 'INVALID'],
    ])('refuses %s: %i %s', async (_case, json, status, code) => {
      const res = await sys.request('POST', '/api/auth/login', { json });
      expect(res).toMatchObject({ status, body: { statusCode: status, code } });
    });

    it('refuses a banned user: 403 BANNED with reason and until', async () => {
      const admin = await sys.adminToken();
      await sys.token('banned1');
      const ban = await sys.request('POST', '/api/admin/users/banned1/ban', {
        token: admin,
        json: { reason: 'spam', minutes: 60 },
      });
      expect(ban.status).toBe(200);
      const res = await sys.request('POST', '/api/auth/login', {
        json: { username: 'banned1', password: 'banned1-password' },
      });
      expect(res).toMatchObject({
        status: 403,
        body: { code: 'BANNED', reason: 'spam', until: ban.body.until },
      });
    });
  });

  describe('the JWT', () => {
    it('GET /api/me answers the caller', async () => {
      const token = await sys.token('dave');
      const res = await sys.request('GET', '/api/me', { token });
      expect(res).toMatchObject({
        status: 200,
        body: { username: 'dave', role: 'user', ban: null, mute: null, lastSeen: null },
      });
      expect(Date.parse(res.body.createdAt as string)).toBeGreaterThan(0);
    });

    it.each([
      ['no token', {}, 'NOT_AUTHENTICATED'],
      ['a token that is no JWT', { authorization: 'Bearer not-a-jwt' }, 'BAD_CREDENTIALS'],
      [
        'a token signed with another secret',
        { authorization: `Bearer ${foreignToken()}` },
        'BAD_CREDENTIALS',
      ],
      ['another scheme', { authorization: 'Basic YWRtaW46YWRtaW4=' }, 'NOT_AUTHENTICATED'],
    ])('refuses %s: 401 %s', async (_case, headers, code) => {
      for (const path of [
        '/api/me',
        '/api/users/online',
        '/api/users',
        '/api/messages?with=*',
        '/api/conversations',
        '/api/admin/audit',
      ]) {
        const res = await sys.request('GET', path, { headers });
        expect(res, path).toMatchObject({ status: 401, body: { statusCode: 401, code } });
      }
    });

    it('a token from REST logs in over TCP', async () => {
      const token = await sys.token('erin');
      const client = await sys.edge.connect();
      await expect(client.request('login', { token })).resolves.toMatchObject({ user: 'erin', role: 'user' });
      await client.close();
    });

    it('a token from TCP works on REST', async () => {
      const client = await sys.tcp('frank');
      const client2 = await sys.edge.connect();
      const { token } = await client2.request('login', { user: 'frank', password: 'frank-password' });
      const res = await sys.request('GET', '/api/me', { token });
      expect(res).toMatchObject({ status: 200, body: { username: 'frank', online: true } });
      await Promise.all([client.close(), client2.close()]);
    });

    it('reads the role from the store: a demoted admin loses admin routes at once, with the same token', async () => {
      const admin = await sys.adminToken();
      const token = await sys.token('grace');
      expect((await sys.request('GET', '/api/users', { token })).status).toBe(403);
      await sys.request('PATCH', '/api/admin/users/grace', { token: admin, json: { role: 'admin' } });
      expect((await sys.request('GET', '/api/users', { token })).status).toBe(200);
      await sys.request('PATCH', '/api/admin/users/grace', { token: admin, json: { role: 'user' } });
      const res = await sys.request('GET', '/api/users', { token });
      expect(res).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    });

    it('refuses the token of a user banned since it was issued: 403 BANNED, and after the unban 401 (the ban voided it)', async () => {
      const admin = await sys.adminToken();
      const token = await sys.token('heidi');
      await sys.request('POST', '/api/admin/users/heidi/ban', { token: admin, json: { reason: 'abuse' } });
      const res = await sys.request('GET', '/api/me', { token });
      expect(res).toMatchObject({ status: 403, body: { code: 'BANNED', reason: 'abuse', until: null } });
      await sys.request('DELETE', '/api/admin/users/heidi/ban', { token: admin });
      expect(await sys.request('GET', '/api/me', { token })).toMatchObject({
        status: 401,
        body: { code: 'BAD_CREDENTIALS', message: 'This session was signed out; log in again' },
      });
      expect((await sys.request('GET', '/api/me', { token: await sys.token('heidi') })).status).toBe(200);
    });

    it('the admin logs in with the configured password', async () => {
      const res = await sys.request('POST', '/api/auth/login', {
        json: { username: ADMIN.user, password: ADMIN.password },
      });
      expect(res).toMatchObject({ status: 200, body: { user: { username: 'admin', role: 'admin' } } });
    });
  });
});

/**
 * Log-in and registration throttling over REST (issue 13 items 9, 17, 22): 429 RATE_LIMITED with
 * `retryAfterMs` and `Retry-After`, through the one error mapping. Each test comes from loopback
 * addresses of its own (127.0.0.x), as different clients would.
 */
describe('admin API: auth throttling', () => {
  /** FREE_LOGIN_FAILURES (libs/core/src/auth/login-throttle.ts). */
  const FREE_FAILURES = 5;
  let sys: SystemProcess;

  beforeAll(async () => {
    sys = await SystemProcess.start({ env: { REGISTER_RATE_PER_ADDRESS: '20/1h' } });
  });
  afterAll(async () => {
    await sys?.dispose();
  });

  /** A POST from `localAddress`, which fetch cannot choose. */
  function post(
    path: string,
    json: unknown,
    localAddress: string,
  ): Promise<{ status: number; retryAfter?: string; body: Record<string, unknown> }> {
    const { hostname, port } = new URL(sys.baseUrl);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: hostname,
          port,
          path,
          method: 'POST',
          localAddress,
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              retryAfter: res.headers['retry-after'],
              body: JSON.parse(text) as Record<string, unknown>,
            }),
          );
        },
      );
      req.once('error', reject);
      req.end(JSON.stringify(json));
    });
  }

  it('answers 429 RATE_LIMITED with Retry-After and retryAfterMs once an account has had a few wrong passwords', async () => {
    const address = '127.0.0.31';
    await post('/api/auth/register', { username: 'target', password: 'target-password' }, address);
    for (let i = 0; i <= FREE_FAILURES; i++) {
      const res = await post('/api/auth/login', { username: 'target', password: `guess-${i}` }, address);
      expect(res).toMatchObject({ status: 401, body: { code: 'BAD_CREDENTIALS' } });
    }

    const res = await post(
      '/api/auth/login',
      { username: 'target', password: 'target-password' },
      '127.0.0.32',
    );
    expect(res).toMatchObject({ status: 429, body: { statusCode: 429, code: 'RATE_LIMITED' } });
    expect(res.body.retryAfterMs).toBeGreaterThan(0);
    expect(Number(res.retryAfter)).toBe(Math.ceil((res.body.retryAfterMs as number) / 1000));
    // Another account is not held up.
    expect(
      await post('/api/auth/login', { username: ADMIN.user, password: ADMIN.password }, address),
    ).toMatchObject({ status: 200 });
  });

  it('answers 429 once an address has created REGISTER_RATE_PER_ADDRESS accounts (20/1h)', async () => {
    const address = '127.0.0.33';
    for (let i = 0; i < 20; i++) {
      const res = await post('/api/auth/register', { username: `many${i}`, password: 'password-1' }, address);
      expect(res.status, `many${i}`).toBe(201);
    }
    const res = await post('/api/auth/register', { username: 'many20', password: 'password-1' }, address);
    expect(res).toMatchObject({
      status: 429,
      body: { code: 'RATE_LIMITED', message: expect.stringMatching(/accounts/) },
    });
    expect(res.body.retryAfterMs).toBeGreaterThan(0);
    expect(Number(res.retryAfter)).toBeGreaterThan(0);
    expect(
      await post('/api/auth/register', { username: 'many20', password: 'password-1' }, '127.0.0.34'),
    ).toMatchObject({ status: 201 });
  });

  it('refuses a name that looks like an existing one: 409 USER_EXISTS saying so', async () => {
    const address = '127.0.0.35';
    await post('/api/auth/register', { username: 'Walter', password: 'password-1' }, address);
    const res = await post('/api/auth/register', { username: 'VVALTER', password: 'password-1' }, address);
    expect(res).toMatchObject({
      status: 409,
      body: {
        code: 'USER_EXISTS',
        message: '"VVALTER" looks like the existing name "Walter"; choose another',
      },
    });
  });
});

/** A well-formed HS256 JWT for the admin, signed with a secret the system does not have. */
function foreignToken(): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'admin', role: 'admin', exp: Math.floor(Date.now() / 1000) + 3600 })}`;
  return `${head}.${createHmac('sha256', 'x'.repeat(48)).update(head).digest('base64url')}`;
}
