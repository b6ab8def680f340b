import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { JwtService } from '@nestjs/jwt';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { openSqliteStore, Store } from '@chat/data';

import { loadConfig } from '../config/app-config';
import { RecordingLiveGateway } from '../testing/recording-live.gateway';
import { AccountService } from './account.service';
import { Actor } from './actor';
import { AuthService } from './auth.service';
import { hashPassword } from './password-hasher';

const SECRET = 's'.repeat(32);
const PASSWORD = 'correct horse';
const alice: Actor = { username: 'Alice', role: 'user' };

describe(AccountService.name, () => {
  let passwordHash: string;
  let dataDir: string;
  let store: Store;
  let live: RecordingLiveGateway;
  let auth: AuthService;
  let sut: AccountService;

  beforeAll(async () => {
    passwordHash = await hashPassword(PASSWORD);
  });
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'account-service-'));
    // A real SQLite store and real JWTs; live connections are the edge's, recorded here.
    store = await openSqliteStore(dataDir);
    live = new RecordingLiveGateway();
    auth = new AuthService(store, loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET }), new JwtService());
    sut = new AccountService(store, live, auth);
    await store.users.create({ username: 'Alice', passwordHash, role: 'user' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('changePassword', () => {
    it('sets the new password, voids the old tokens, ends the sessions and answers a token that works', async () => {
      const { token: old } = await auth.login('alice', PASSWORD);

      const result = await sut.changePassword(alice, PASSWORD, 'a new password');

      await expect(auth.login('alice', PASSWORD)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
      await expect(auth.login('alice', 'a new password')).resolves.toMatchObject({
        user: { username: 'Alice' },
      });
      await expect(auth.userFromToken(old)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
      await expect(auth.userFromToken(result.token)).resolves.toMatchObject({ username: 'Alice' });
      expect(live.calls).toEqual([
        ['disconnectUser', 'Alice', { type: 'kicked', by: 'Alice', reason: 'Your password was changed' }],
      ]);
    });

    it("keeps the caller's session and its connections, and ends the others", async () => {
      const here = await auth.login('alice', PASSWORD, { transport: 'http' });
      const other = await auth.login('alice', PASSWORD, { transport: 'tcp' });

      const result = await sut.changePassword(
        { ...alice, session: here.session },
        PASSWORD,
        'a new password',
      );

      expect(result.session).toBe(here.session);
      expect((await store.sessions.listOf('alice')).map((s) => s.id)).toEqual([here.session]);
      expect(live.calls).toEqual([
        [
          'disconnectUser',
          'Alice',
          { type: 'kicked', by: 'Alice', reason: 'Your password was changed' },
          other.session,
        ],
      ]);
    });

    it.each([
      ['a wrong current password', 'wrong password', 'a new password', 'BAD_CREDENTIALS'],
      ['a weak new password', PASSWORD, 'short', 'WEAK_PASSWORD'],
    ])('refuses %s with %s, changing nothing', async (_case, current, next, code) => {
      const { token } = await auth.login('alice', PASSWORD);

      await expect(sut.changePassword(alice, current, next)).rejects.toMatchObject({ code });

      await expect(auth.userFromToken(token)).resolves.toMatchObject({ username: 'Alice' });
      expect(live.calls).toEqual([]);
    });
  });

  it('signs out everywhere: every token void, every session ended', async () => {
    const { token } = await auth.login('alice', PASSWORD);

    await sut.signOutEverywhere(alice);

    await expect(auth.loginWithToken(token)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    expect(live.calls).toEqual([
      ['disconnectUser', 'Alice', { type: 'kicked', by: 'Alice', reason: 'Signed out everywhere' }],
    ]);
  });

  describe('sessions', () => {
    it("lists the caller's sessions with the current one marked, and ends one: its tokens fail, its connections close", async () => {
      const here = await auth.login('alice', PASSWORD, { transport: 'http', userAgent: 'Firefox/140' });
      const there = await auth.login('alice', PASSWORD, { transport: 'tcp', address: '10.0.0.9' });
      const me = { ...alice, session: here.session };

      const listed = await sut.sessions(me);
      expect(listed.map((s) => [s.id, s.transport, s.current]).sort()).toEqual(
        [
          [here.session, 'http', true],
          [there.session, 'tcp', false],
        ].sort(),
      );

      await sut.endSession(me, there.session);
      await expect(auth.userFromToken(there.token)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
      await expect(auth.userFromToken(here.token)).resolves.toMatchObject({ username: 'Alice' });
      expect(live.calls).toEqual([
        [
          'disconnectUser',
          'Alice',
          { type: 'kicked', by: 'Alice', reason: 'This session was ended' },
          there.session,
        ],
      ]);
    });

    it("answers NO_SUCH_SESSION for an unknown id and for another user's session", async () => {
      await store.users.create({ username: 'bob', passwordHash, role: 'user' });
      const bobs = await auth.login('bob', PASSWORD);

      for (const id of ['nope', bobs.session]) {
        await expect(sut.endSession(alice, id)).rejects.toMatchObject({ code: 'NO_SUCH_SESSION' });
      }
      await expect(auth.userFromToken(bobs.token)).resolves.toMatchObject({ username: 'bob' });
    });
  });
});
