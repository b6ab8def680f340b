import { afterEach, describe, expect, it } from 'vitest';

import { ErrorCode } from '../errors';
import { ChatClient } from './chat-client';
import { OfflineError } from './client-errors';
import { SessionCore } from './session';
import { SessionEvents, StopReason } from './session.types';
import { FakeEdge } from './testing/fake-edge';

/** Short, fixed delays between attempts: the tests wait for events, never for time. */
const QUICK = (): number => 5;

function next<E extends keyof SessionEvents>(
  sut: SessionCore<ChatClient>,
  event: E,
): Promise<SessionEvents[E]> {
  return new Promise((resolve) => sut.once(event, (...args: SessionEvents[E]) => resolve(args)));
}

/** Resolves once `n` messages have come from now on. */
function messages(sut: SessionCore<ChatClient>, n: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    const on = (): void => {
      if (++seen < n) return;
      sut.off('message', on);
      resolve();
    };
    sut.on('message', on);
  });
}

/** Some turns of the event loop, in which a session that wrongly kept trying would have logged in again. */
const aWhile = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

describe(SessionCore.name, () => {
  let edge: FakeEdge;
  let sut: SessionCore<ChatClient>;

  afterEach(async () => {
    sut?.disconnect();
    await edge?.stop();
  });

  /** A session of alice's, online over TCP to `server` (a fresh one by default); `log` records its events in order. */
  async function online(server?: FakeEdge, log: string[] = []): Promise<string[]> {
    edge = server ?? (await FakeEdge.start());
    sut = new SessionCore({ dial: () => ChatClient.connect({ port: edge.port }), backoff: QUICK });
    sut.on('logged-in', (ok, again) => log.push(`logged-in${again ? ' again' : ''} online=${ok.online}`));
    sut.on('message', (m) => log.push(`message ${m.seq}`));
    sut.on('presence', (p) => log.push(`presence ${p.user}`));
    sut.on('state', (s) => log.push(s));
    const loggedIn = next(sut, 'logged-in');
    sut.start({ user: 'alice', password: 'alice-password' });
    await loggedIn;
    return log;
  }

  it('asks who is online again after a presence.many, once however many come', async () => {
    await online();
    const refreshed = next(sut, 'online');
    edge.broadcast({ type: 'presence.many', count: 1, arrived: 300, left: 299 });
    edge.broadcast({ type: 'presence.many', count: 1, arrived: 3, left: 3 });
    const [names] = await refreshed;
    expect(names).toEqual(['alice']);
    expect([...sut.online]).toEqual(['alice']);
    expect(edge.received.filter((f) => f.type === 'who')).toHaveLength(1);
  });

  it('logs in, first without since, and starts from the latest seq the reply names', async () => {
    const server = await FakeEdge.start();
    server.post('before');
    const log = await online(server);
    expect(edge.logins).toEqual([
      { type: 'login', id: expect.any(String), user: 'alice', password: 'alice-password' },
    ]);
    expect(log).toEqual(['connecting', 'online', 'logged-in online=alice']);
    expect(sut.lastSeq).toBe(1);
    expect([sut.user, sut.role, [...sut.online]]).toEqual(['alice', 'user', ['alice']]);
  });

  it('reconnects after a drop with the refreshed token and since = the highest seq seen, missing nothing', async () => {
    const log = await online();
    const two = messages(sut, 2);
    edge.post('one');
    edge.post('two');
    await two;
    const disconnected = next(sut, 'disconnected');
    edge.dropAll();
    const [delay] = await disconnected;
    expect(delay).toBe(5);
    expect(sut.state).toBe('reconnecting');
    edge.post('while away');
    const away = messages(sut, 1);
    await next(sut, 'logged-in');
    await away;

    expect(edge.logins.at(-1)).toMatchObject({ token: 'tok-alice-1', since: 2 });
    expect(edge.logins.at(-1)).not.toHaveProperty('password');
    expect(log.slice(3)).toEqual([
      'message 1',
      'message 2',
      'reconnecting',
      'online',
      'logged-in again online=alice',
      'message 3',
    ]);
    expect(sut.lastSeq).toBe(3);
  });

  it('holds what comes with the login reply until it is taken in, then passes each message once, in order', async () => {
    const log = await online();
    const two = messages(sut, 2);
    edge.post('one');
    edge.post('two');
    await two;
    edge.replayOverlap = 2; // the replay repeats 1 and 2
    edge.afterNextLogin = [{ type: 'presence', user: 'carol', status: 'online', count: 2 }];
    const disconnected = next(sut, 'disconnected');
    edge.dropAll();
    await disconnected;
    edge.post('three');
    const three = messages(sut, 1);
    await next(sut, 'logged-in');
    await three;

    expect(log.slice(-4)).toEqual(['online', 'logged-in again online=alice', 'message 3', 'presence carol']);
    expect([...sut.online]).toEqual(['alice', 'carol']);
  });

  it('logs in with the password when the token is refused (BAD_CREDENTIALS)', async () => {
    await online();
    edge.refuseTokens = true;
    const loggedIn = next(sut, 'logged-in');
    edge.dropAll();
    await loggedIn;
    expect(edge.logins.slice(1).map((l) => ('token' in l ? 'token' : l.password))).toEqual([
      'token',
      'alice-password',
    ]);
    expect(sut.state).toBe('online');
  });

  it.each<ErrorCode>(['BANNED', 'BAD_CREDENTIALS', 'NOT_AUTHENTICATED', 'INVALID', 'FORBIDDEN'])(
    'stops for good when logging in again is refused with %s',
    async (code) => {
      await online();
      edge.loginError = { code, message: 'no' };
      const stopped = next(sut, 'stopped');
      edge.dropAll();
      const [reason] = await stopped;
      expect(reason).toMatchObject({ kind: 'refused', error: { code } });
      const logins = edge.logins.length;
      await aWhile();
      expect(edge.logins).toHaveLength(logins);
      expect(sut.state).toBe('stopped');
    },
  );

  it('keeps trying after a refusal that a retry may cure (SERVER_BUSY)', async () => {
    await online();
    edge.loginError = { code: 'SERVER_BUSY', message: 'busy' };
    const failed = next(sut, 'reconnect-failed');
    edge.dropAll();
    const [error, delay] = await failed;
    expect(error).toMatchObject({ code: 'SERVER_BUSY' });
    expect(delay).toBe(5);
    const loggedIn = next(sut, 'logged-in');
    edge.loginError = undefined;
    await loggedIn;
    expect(sut.state).toBe('online');
  });

  it('keeps trying to come online while nothing listens', async () => {
    const gone = await FakeEdge.start();
    await gone.stop();
    edge = await FakeEdge.start();
    let dials = 0;
    sut = new SessionCore({
      dial: () => ChatClient.connect({ port: dials++ < 2 ? gone.port : edge.port }),
      backoff: QUICK,
    });
    const failures: unknown[] = [];
    sut.on('reconnect-failed', (err) => failures.push(err));
    const loggedIn = next(sut, 'logged-in');
    sut.start({ token: 'tok-alice-0' });
    expect(sut.state).toBe('connecting');
    await loggedIn;
    expect(failures).toMatchObject([{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }]);
    expect(edge.logins).toEqual([{ type: 'login', id: expect.any(String), token: 'tok-alice-0' }]);
  });

  it.each<[string, object, StopReason]>([
    [
      'kicked',
      { type: 'kicked', by: 'admin', reason: 'spam' },
      { kind: 'kicked', by: 'admin', reason: 'spam' },
    ],
    [
      'banned',
      { type: 'banned', by: 'admin', reason: 'spam', until: null },
      { kind: 'banned', by: 'admin', reason: 'spam', until: null },
    ],
  ])('stops for good when %s: the event, then the stop, and no reconnect', async (type, event, reason) => {
    const log = await online();
    sut.on('kicked', () => log.push('kicked'));
    sut.on('banned', () => log.push('banned'));
    const stopped = next(sut, 'stopped');
    edge.broadcast(event);
    await expect(stopped).resolves.toEqual([reason]);
    expect(log.slice(-2)).toEqual([type, 'stopped']);
    expect(sut.stopReason).toEqual(reason);
    await aWhile();
    expect(edge.logins).toHaveLength(1);
  });

  it('logs out: the server hears it, the connection closes, the session stops without reconnecting', async () => {
    await online();
    await sut.logout();
    expect(edge.received.at(-1)).toMatchObject({ type: 'logout' });
    expect(sut.stopReason).toEqual({ kind: 'logout' });
    expect(sut.connected).toBe(false);
    await aWhile();
    expect(edge.logins).toHaveLength(1);
  });

  it('sends nothing while not online: requests fail with OfflineError', async () => {
    await online();
    await expect(sut.request('who', {})).resolves.toEqual({ online: ['alice'], count: 1 });
    edge.loginError = { code: 'SERVER_BUSY', message: 'busy' };
    const disconnected = next(sut, 'disconnected');
    edge.dropAll();
    await disconnected;
    await expect(sut.request('who', {})).rejects.toBeInstanceOf(OfflineError);
    expect(() => sut.connection).toThrow(OfflineError);
    expect(edge.received.filter((f) => f.type === 'who')).toHaveLength(1);
  });

  it('disconnect leaves it idle: no reconnect, no more events', async () => {
    const log = await online();
    sut.disconnect();
    edge.post('after');
    await aWhile();
    expect(log.at(-1)).toBe('idle');
    expect(edge.logins).toHaveLength(1);
  });
});
