import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { hashPassword } from '@chat/core';
import { type ClientFrameOf, type OkReplies, PRESENCE_WINDOW_MS, type RawFrame } from '@chat/protocol';

import { LiveEdge } from '../testing/live-edge';
import { memoryConnection, MemoryWire, nextTurn } from '../testing/memory-wire';
import { ChatContext } from '../transport/chat.context';
import { Connection } from '../transport/connection';
import { SessionService } from './session.service';

const PASSWORD = 'correct horse';

describe(SessionService.name, () => {
  let passwordHash: string;
  let edge: LiveEdge;
  let sut: SessionService;

  // argon2 is slow on purpose: one hash for every account of every test.
  beforeAll(async () => {
    passwordHash = await hashPassword(PASSWORD);
  });
  beforeEach(async () => {
    edge = await LiveEdge.open();
    sut = new SessionService(
      edge.auth,
      edge.account,
      edge.messages,
      edge.presence,
      edge.rooms,
      edge.registry,
      edge.mutes,
      edge.store,
    );
    for (const username of ['alice', 'bob', 'carol']) {
      await edge.store.users.create({ username, passwordHash, role: 'user' });
    }
  });
  afterEach(async () => {
    vi.useRealTimers();
    await edge.close();
  });

  function connect(): { conn: Connection; wire: MemoryWire } {
    const pair = memoryConnection();
    edge.registry.connected(pair.conn);
    return pair;
  }

  /** A login frame handled as the transport does: the reply is written, then the after-reply tasks run. */
  async function login(conn: Connection, frame: Omit<ClientFrameOf<'login'>, 'type'>) {
    const ctx = new ChatContext([conn, undefined]);
    const reply = await sut.login({ type: 'login', ...frame }, ctx);
    return {
      reply,
      /** Writes the reply and goes live; until then the connection holds its events. */
      finish: async (): Promise<void> => {
        conn.sendFrame({ type: 'ok', ...reply });
        for (const task of ctx.afterReply) await task();
        await nextTurn();
      },
    };
  }

  async function loggedIn(username: string, since?: number) {
    const pair = connect();
    const token = edge.auth.issueToken(
      { username, role: 'user', tokenVersion: 0 },
      await edge.auth.startSession({ username, role: 'user', tokenVersion: 0 }, { transport: 'tcp' }),
    );
    const { reply, finish } = await login(pair.conn, { token, since });
    await finish();
    return { ...pair, reply };
  }

  const summary = (f: RawFrame): string =>
    f.type === 'message'
      ? `message ${f.seq}`
      : f.type === 'presence'
        ? `presence ${f.user} ${f.status}`
        : f.type;

  describe('login', () => {
    it('answers with the name as registered, the role, a token, who is online and the latest seq', async () => {
      await loggedIn('bob');
      await edge.messages.send({ username: 'bob', role: 'user' }, { to: '*', text: 'one' });
      const last = await edge.messages.send({ username: 'bob', role: 'user' }, { to: 'carol', text: 'two' });
      const { conn } = connect();

      const { reply } = await login(conn, { user: 'ALICE', password: PASSWORD });

      expect(reply).toEqual<OkReplies['login']>({
        user: 'alice',
        role: 'user',
        token: expect.any(String),
        online: ['alice', 'bob'],
        seq: last.seq,
        rooms: [],
        unread: [],
        settings: { receipts: true },
      });
      await expect(edge.auth.userFromToken(reply.token)).resolves.toMatchObject({ username: 'alice' });
      expect(conn.user).toEqual({ username: 'alice', role: 'user', session: expect.any(String) });
      // The session records how the log-in came (this test's wire is a TCP one).
      expect(await edge.store.sessions.listOf('alice')).toMatchObject([
        { id: conn.user?.session, username: 'alice', transport: 'tcp' },
      ]);
    });

    it.each([
      [{ user: 'alice', password: 'wrong password' }, 'BAD_CREDENTIALS'],
      [{ token: 'not.a.token' }, 'BAD_CREDENTIALS'],
      [{ user: 'alice' }, 'INVALID'],
      [{}, 'INVALID'],
    ])('refuses %j with %s and leaves the connection logged out', async (frame, code) => {
      const { conn } = connect();

      await expect(login(conn, frame)).rejects.toMatchObject({ code });
      expect(conn.user).toBeNull();
      expect(edge.registry.onlineCount).toBe(0);
    });

    it('with since: the ok, every missed message the user may see in seq order, then what came meanwhile, each once', async () => {
      const bob = { username: 'bob', role: 'user' } as const;
      const seen = await edge.messages.send(bob, { to: '*', text: 'seen before' });
      await edge.messages.send(bob, { to: 'carol', text: 'not for alice' });
      await edge.messages.send(bob, { to: 'alice', text: 'missed 1' });
      await edge.messages.send(bob, { to: '*', text: 'missed 2' });
      const { conn, wire } = connect();

      const token = edge.auth.issueToken(
        { username: 'alice', role: 'user', tokenVersion: 0 },
        await edge.auth.startSession(
          { username: 'alice', role: 'user', tokenVersion: 0 },
          { transport: 'tcp' },
        ),
      );
      const { finish } = await login(conn, { token, since: seen.seq });
      // Before the reply is out: a message stored and sent live, and carol arriving.
      await edge.messages.send(bob, { to: '*', text: 'live' });
      await loggedIn('carol');
      await finish();

      expect(wire.frames().map(summary)).toEqual([
        'ok',
        `message ${seen.seq + 2}`,
        `message ${seen.seq + 3}`,
        `message ${seen.seq + 4}`,
        'presence alice online',
        'presence carol online',
      ]);
    });

    it('without since: no replay, just the ok and then live events', async () => {
      await edge.messages.send({ username: 'bob', role: 'user' }, { to: '*', text: 'old' });

      const { wire } = await loggedIn('alice');

      expect(wire.frames().map(summary)).toEqual(['ok', 'presence alice online']);
    });

    it('on a connection already logged in, logs the first user out before the second in', async () => {
      const watcher = await loggedIn('carol');
      const { conn } = await loggedIn('alice');

      await login(conn, {
        token: edge.auth.issueToken(
          { username: 'bob', role: 'user', tokenVersion: 0 },
          await edge.auth.startSession(
            { username: 'bob', role: 'user', tokenVersion: 0 },
            { transport: 'tcp' },
          ),
        ),
      });
      await nextTurn();

      expect(watcher.wire.framesOf('presence').map(summary)).toEqual([
        'presence carol online',
        'presence alice online',
        'presence alice offline',
        'presence bob online',
      ]);
      expect(edge.registry.onlineNames()).toEqual(['bob', 'carol']);
    });

    it('arms the `unmuted` event for a timed mute that is running at log-in, and none for a lasting one', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const mute = { reason: null, by: 'root', at: new Date() };
      await edge.store.users.setMute('alice', { ...mute, until: new Date(Date.now() + 60_000) });
      await edge.store.users.setMute('bob', { ...mute, until: null });
      const alice = await loggedIn('alice');
      // The second log-in's presence waits out the presence window (faked here).
      const bobLoggingIn = loggedIn('bob');
      await vi.advanceTimersByTimeAsync(PRESENCE_WINDOW_MS);
      const bob = await bobLoggingIn;

      vi.advanceTimersByTime(60_000);
      await nextTurn();

      expect(alice.wire.framesOf('unmuted')).toHaveLength(1);
      expect(bob.wire.framesOf('unmuted')).toHaveLength(0);
    });
  });

  describe('logout', () => {
    it('replies, then logs out and closes; the user goes offline with their last connection', async () => {
      const watcher = await loggedIn('carol');
      const laptop = await loggedIn('alice');
      const phone = await loggedIn('alice');

      for (const { conn } of [laptop, phone]) {
        const ctx = new ChatContext([conn, undefined]);
        await expect(sut.logout({ type: 'logout' }, ctx)).resolves.toEqual({});
        expect(conn.isOpen).toBe(true);
        for (const task of ctx.afterReply) await task();
        expect(conn.isOpen).toBe(false);
      }
      await nextTurn();

      expect(watcher.wire.framesOf('presence').map(summary)).toEqual([
        'presence carol online',
        'presence alice online',
        'presence alice offline',
      ]);
    });
  });

  describe('logout everywhere', () => {
    it("voids the user's tokens before the reply, closes this connection after it, and kicks the others", async () => {
      const watcher = await loggedIn('carol');
      const laptop = await loggedIn('alice');
      const phone = await loggedIn('alice');
      const ctx = new ChatContext([laptop.conn, undefined]);

      await expect(sut.logout({ type: 'logout', everywhere: true }, ctx)).resolves.toEqual({});

      await expect(login(connect().conn, { token: laptop.reply.token })).rejects.toMatchObject({
        code: 'BAD_CREDENTIALS',
      });
      expect(phone.conn.isOpen).toBe(false);
      expect(phone.wire.framesOf('kicked')).toEqual([
        { type: 'kicked', by: 'alice', reason: 'Signed out everywhere' },
      ]);
      expect(laptop.wire.framesOf('kicked')).toEqual([]);
      expect(laptop.conn.isOpen).toBe(true);
      for (const task of ctx.afterReply) await task();
      expect(laptop.conn.isOpen).toBe(false);
      expect(watcher.conn.isOpen).toBe(true);
      await expect(login(connect().conn, { token: watcher.reply.token })).resolves.toBeDefined();
    });
  });

  it('registers a user, answering with the name', async () => {
    const ctx = new ChatContext([connect().conn, undefined]);
    await expect(sut.register({ type: 'register', user: 'Dave', password: PASSWORD }, ctx)).resolves.toEqual({
      user: 'Dave',
    });
    expect(await edge.store.users.findByName('dave')).toMatchObject({ username: 'Dave', role: 'user' });
  });

  it('records when a user was last seen as the connection closes', async () => {
    const { conn } = await loggedIn('alice');
    await edge.store.users.touchLastSeen('alice', new Date(0));

    sut.disconnected(conn);
    await nextTurn();

    expect((await edge.store.users.findByName('alice'))?.lastSeen?.getTime()).toBeGreaterThan(0);
  });
});
