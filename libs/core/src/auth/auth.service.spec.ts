import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { JwtService } from '@nestjs/jwt';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { openSqliteStore, Store } from '@chat/data';

import { loadConfig } from '../config/app-config';
import { AuthService } from './auth.service';
import { FREE_LOGIN_FAILURES } from './login-throttle';
import { hashPassword } from './password-hasher';

const SECRET = 's'.repeat(32);
const PASSWORD = 'correct horse';
const MINUTE = 60_000;
/** JWT_REFRESH_LIMIT's default, 30 days. */
const REFRESH_LIMIT_SEC = 30 * 86_400;

describe(AuthService.name, () => {
  let passwordHash: string;
  let dataDir: string;
  let store: Store;
  let jwt: JwtService;
  let sut: AuthService;

  // argon2 is slow on purpose: one hash, shared by the accounts of every test.
  beforeAll(async () => {
    passwordHash = await hashPassword(PASSWORD);
  });
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'auth-service-'));
    // A real SQLite store in a temporary directory, and real JWTs.
    store = await openSqliteStore(dataDir);
    jwt = new JwtService({ secret: SECRET });
    sut = new AuthService(store, loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET }), jwt);
    await store.users.create({ username: 'Alice', passwordHash, role: 'user' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const restriction = (until: Date | null, reason: string | null = null) => ({
    reason,
    by: 'root',
    at: new Date(),
    until,
  });

  describe('register', () => {
    it('stores the user with a slow salted hash, never the password', async () => {
      const user = await sut.register('Bob_2.x-y', 'long enough');

      expect(user).toMatchObject({ username: 'Bob_2.x-y', role: 'user' });
      const stored = await store.users.findByName('bob_2.x-y');
      expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(stored?.passwordHash).not.toContain('long enough');
    });

    it.each([
      ['ab', 'INVALID_USERNAME'],
      ['a'.repeat(33), 'INVALID_USERNAME'],
      ['with space', 'INVALID_USERNAME'],
      ['slash/es', 'INVALID_USERNAME'],
      ['émile', 'INVALID_USERNAME'],
      ['', 'INVALID_USERNAME'],
    ])('refuses the name %j with %s', async (username, code) => {
      await expect(sut.register(username, 'long enough')).rejects.toMatchObject({ code });
      expect(await store.users.count()).toBe(1);
    });

    it.each(['', 'short', '7 chars'])('refuses the password %j with WEAK_PASSWORD', async (password) => {
      await expect(sut.register('bob', password)).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
      expect(await store.users.findByName('bob')).toBeNull();
    });

    it.each(['admin', 'ADMIN', 'adrnin'])(
      'refuses %j, the admin name (ADMIN_USER) or a look-alike, before the start has created it',
      async (username) => {
        await expect(sut.register(username, 'long enough')).rejects.toMatchObject({
          code: 'USER_EXISTS',
          message: `"${username}" is reserved for the administrator; choose another`,
        });
        expect(await store.users.count()).toBe(1);
        await sut.ensureAdmin();
        expect(await store.users.findByName('admin')).toMatchObject({ role: 'admin' });
      },
    );

    it('refuses a name taken in any case with USER_EXISTS', async () => {
      await expect(sut.register('ALICE', 'long enough')).rejects.toMatchObject({ code: 'USER_EXISTS' });
    });

    it.each(['AIice', 'aIice', 'a1ice', 'A1ice'])(
      'refuses %j, which looks like Alice, with USER_EXISTS saying so',
      async (username) => {
        await expect(sut.register(username, 'long enough')).rejects.toMatchObject({
          code: 'USER_EXISTS',
          message: `"${username}" looks like the existing name "Alice"; choose another`,
        });
        expect(await store.users.count()).toBe(1);
      },
    );

    it.each([
      ['mallory', 'rnallory'],
      ['walter', 'vvalter'],
      ['dave', 'clave'],
      ['bob0', 'BOBO'],
    ])('refuses %j beside %j, and the other way round', async (first, second) => {
      await sut.register(first, 'long enough');
      await expect(sut.register(second, 'long enough')).rejects.toMatchObject({ code: 'USER_EXISTS' });
    });

    it('limits the accounts one address creates, not counting names refused', async () => {
      sut = new AuthService(
        store,
        loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET, REGISTER_RATE_PER_ADDRESS: '2/1h' }),
        jwt,
      );
      await sut.register('bob', 'long enough', 'user', '10.0.0.1');
      await expect(sut.register('alice', 'long enough', 'user', '10.0.0.1')).rejects.toMatchObject({
        code: 'USER_EXISTS',
      });
      await sut.register('carol', 'long enough', 'user', '10.0.0.1');
      await expect(sut.register('dave', 'long enough', 'user', '10.0.0.1')).rejects.toMatchObject({
        code: 'RATE_LIMITED',
        // Half an hour, less the moments the hashing took.
        details: { retryAfterMs: expect.toSatisfy((ms: number) => ms > 29 * MINUTE && ms <= 30 * MINUTE) },
      });
      await expect(sut.register('dave', 'long enough', 'user', '10.0.0.2')).resolves.toMatchObject({
        username: 'dave',
      });
    });
  });

  describe('login', () => {
    it('lets the user in with any case of the name, as registered, with a token naming them', async () => {
      const { user, token } = await sut.login('aLiCe', PASSWORD);

      expect(user.username).toBe('Alice');
      expect(jwt.verify(token)).toMatchObject({ sub: 'Alice', role: 'user' });
    });

    it.each([
      ['Alice', 'wrong password'],
      ['nobody', PASSWORD],
      ['not a name!', PASSWORD],
    ])('refuses %s / %s with BAD_CREDENTIALS', async (username, password) => {
      await expect(sut.login(username, password)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    });

    it(`after ${FREE_LOGIN_FAILURES} wrong passwords refuses even the right one with RATE_LIMITED, other accounts not`, async () => {
      await sut.register('bob', 'bob-password');
      for (let i = 0; i < FREE_LOGIN_FAILURES + 1; i++) {
        await expect(
          sut.login('alice', `guess ${i}`, { transport: 'tcp', address: '10.0.0.1' }),
        ).rejects.toMatchObject({
          code: 'BAD_CREDENTIALS',
        });
      }

      await expect(
        sut.login('ALICE', PASSWORD, { transport: 'tcp', address: '10.0.0.2' }),
      ).rejects.toMatchObject({
        code: 'RATE_LIMITED',
        details: { retryAfterMs: expect.any(Number) },
      });
      await expect(
        sut.login('bob', 'bob-password', { transport: 'tcp', address: '10.0.0.1' }),
      ).resolves.toMatchObject({
        user: { username: 'bob' },
      });
    });

    it('refuses a banned user with BANNED, until and reason', async () => {
      const until = new Date(Date.now() + 10 * MINUTE);
      await store.users.setBan('alice', restriction(until, 'flood'));

      await expect(sut.login('alice', PASSWORD)).rejects.toMatchObject({
        code: 'BANNED',
        details: { until: until.toISOString(), reason: 'flood' },
      });
    });

    it('refuses a user banned until lifted with until null', async () => {
      await store.users.setBan('alice', restriction(null));

      await expect(sut.login('alice', PASSWORD)).rejects.toMatchObject({
        code: 'BANNED',
        details: { until: null, reason: null },
      });
    });

    it('lets a user in once the ban has run out', async () => {
      await store.users.setBan('alice', restriction(new Date(Date.now() - MINUTE), 'old'));

      await expect(sut.login('alice', PASSWORD)).resolves.toMatchObject({ user: { username: 'Alice' } });
    });
  });

  describe('ensureAdmin', () => {
    it('fails, rather than go on without an admin, when a user has a name like the admin account', async () => {
      await store.users.create({ username: 'adrnin', passwordHash, role: 'user' });

      await expect(sut.ensureAdmin()).rejects.toMatchObject({ code: 'USER_EXISTS' });
    });
  });

  describe('loginWithToken', () => {
    it('lets the user in with a valid token, as the store has them now, with a fresh token', async () => {
      const token = sut.issueToken(
        { username: 'Alice', role: 'user', tokenVersion: 0 },
        await sut.startSession({ username: 'Alice', role: 'user', tokenVersion: 0 }, { transport: 'tcp' }),
      );
      await store.users.setRole('alice', 'admin');

      const result = await sut.loginWithToken(token);

      expect(result.user).toMatchObject({ username: 'Alice', role: 'admin' });
      expect(jwt.verify(result.token)).toMatchObject({ sub: 'Alice', role: 'admin' });
    });

    it('refuses a token signed with another secret', async () => {
      const forged = new JwtService({ secret: 'x'.repeat(32) }).sign({ sub: 'Alice', role: 'admin' });

      await expect(sut.loginWithToken(forged)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    });

    it('refuses an expired token', async () => {
      const expired = jwt.sign({ sub: 'Alice', role: 'user', exp: Math.floor(Date.now() / 1000) - 60 });

      await expect(sut.loginWithToken(expired)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    });

    it.each(['garbage', ''])('refuses the token %j', async (token) => {
      await expect(sut.loginWithToken(token)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    });

    it('refuses a valid token of a user who no longer exists', async () => {
      const token = sut.issueToken(
        { username: 'Ghost', role: 'user', tokenVersion: 0 },
        await sut.startSession({ username: 'Ghost', role: 'user', tokenVersion: 0 }, { transport: 'tcp' }),
      );

      await expect(sut.loginWithToken(token)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    });

    it('refuses a banned user even with a valid token', async () => {
      const token = sut.issueToken(
        { username: 'Alice', role: 'user', tokenVersion: 0 },
        await sut.startSession({ username: 'Alice', role: 'user', tokenVersion: 0 }, { transport: 'tcp' }),
      );
      await store.users.setBan('alice', restriction(null, 'gone'));

      await expect(sut.loginWithToken(token)).rejects.toMatchObject({ code: 'BANNED' });
    });

    it('refuses a token issued before the token version was bumped, and takes one issued after', async () => {
      const { token: before } = await sut.login('alice', PASSWORD);
      await store.users.bumpTokenVersion('alice');
      const { token: after } = await sut.login('alice', PASSWORD);

      await expect(sut.loginWithToken(before)).rejects.toMatchObject({
        code: 'BAD_CREDENTIALS',
        message: 'This session was signed out; log in again',
      });
      await expect(sut.userFromToken(before)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
      expect(jwt.verify(after)).toMatchObject({ tv: 1 });
      await expect(sut.loginWithToken(after)).resolves.toMatchObject({ user: { username: 'Alice' } });
    });

    it.each([
      ['no version', { auth_time: nowSec() }],
      ['no log-in time', { tv: 0 }],
      ['neither (a token from before versions)', {}],
    ])('refuses a token with %s', async (_case, claims) => {
      const token = jwt.sign({ sub: 'Alice', role: 'user', ...claims }, { expiresIn: '1h' });

      await expect(sut.loginWithToken(token)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    });

    it('renews a token bound to the first log-in: the new one carries its auth_time and never outlasts the refresh limit', async () => {
      const authTime = nowSec() - (REFRESH_LIMIT_SEC - 3600);
      const sid = await sut.startSession(
        { username: 'Alice', role: 'user', tokenVersion: 0 },
        { transport: 'tcp' },
      );
      const old = jwt.sign(
        { sub: 'Alice', role: 'user', tv: 0, auth_time: authTime, sid },
        { expiresIn: '7d' },
      );

      const { token, session } = await sut.loginWithToken(old);

      expect(session).toBe(sid);
      expect(jwt.verify(token)).toMatchObject({
        auth_time: authTime,
        exp: authTime + REFRESH_LIMIT_SEC,
        sid,
      });
    });

    it("refuses a token of an ended session, of another user's session, or of none, and takes the others", async () => {
      const first = await sut.login('alice', PASSWORD, { transport: 'tcp', address: '10.0.0.1' });
      const second = await sut.login('alice', PASSWORD, { transport: 'http', userAgent: 'Firefox/140' });
      await sut.register('bob', 'bob-password');
      const bobs = await sut.login('bob', 'bob-password');
      expect(first.session).not.toBe(second.session);
      expect(await store.sessions.find(second.session)).toMatchObject({
        username: 'Alice',
        transport: 'http',
        userAgent: 'Firefox/140',
      });

      await store.sessions.remove(first.session);
      const ended = { code: 'BAD_CREDENTIALS', message: 'This session was ended; log in again' };
      await expect(sut.loginWithToken(first.token)).rejects.toMatchObject(ended);
      await expect(sut.actorFromToken(second.token)).resolves.toEqual({
        username: 'Alice',
        role: 'user',
        session: second.session,
      });
      const borrowed = jwt.sign({
        sub: 'Alice',
        role: 'user',
        tv: 0,
        auth_time: nowSec(),
        sid: bobs.session,
      });
      const none = jwt.sign({ sub: 'Alice', role: 'user', tv: 0, auth_time: nowSec() });
      await expect(sut.userFromToken(borrowed)).rejects.toMatchObject(ended);
      await expect(sut.userFromToken(none)).rejects.toMatchObject(ended);
    });

    it('refuses a token whose log-in is older than the refresh limit, whatever its expiry', async () => {
      const authTime = nowSec() - REFRESH_LIMIT_SEC - 1;
      const old = jwt.sign({ sub: 'Alice', role: 'user', tv: 0, auth_time: authTime }, { expiresIn: '7d' });

      await expect(sut.loginWithToken(old)).rejects.toMatchObject({
        code: 'BAD_CREDENTIALS',
        message: 'This session is too old; log in with your password again',
      });
    });

    it('issues a password log-in token for JWT_TTL, with the version and the log-in time', async () => {
      const { token } = await sut.login('alice', PASSWORD);

      const claims = jwt.verify<{ tv: number; auth_time: number; exp: number }>(token);
      expect(claims.tv).toBe(0);
      expect(Math.abs(claims.auth_time - nowSec())).toBeLessThanOrEqual(1);
      expect(claims.exp - claims.auth_time).toBe(7 * 86_400);
    });
  });
});

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}
