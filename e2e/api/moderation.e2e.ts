import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageFrame } from '@chat/protocol';

import { eventually, nextEvent } from '../support/events';
import { SystemProcess } from '../support/system-process';

interface Audit {
  items: {
    actor: string;
    action: string;
    target: string | null;
    reason: string | null;
    details: Record<string, unknown>;
  }[];
  total: number;
}

/** Moderation over REST, observed where it matters: on live TCP sessions of the real edge. */
describe('admin API: moderation on live connections', () => {
  let sys: SystemProcess;
  let admin: string;
  let watcher: ChatClient;

  beforeAll(async () => {
    sys = await SystemProcess.start();
    admin = await sys.adminToken();
    watcher = await sys.tcp('watcher');
  });
  afterAll(async () => {
    await watcher?.close();
    await sys?.dispose();
  });

  const post = (path: string, json: unknown = {}) => sys.request('POST', path, { token: admin, json });
  const del = (path: string) => sys.request('DELETE', path, { token: admin });
  const audit = async (target: string) =>
    (await sys.request<Audit>('GET', `/api/admin/audit?target=${target}`, { token: admin })).body.items;

  it('ban: every connection of the user gets banned within a second and is closed; log-in fails until unbanned', async () => {
    const [b1, b2] = [await sys.tcp('banny'), await sys.tcp('banny')];
    const events = [nextEvent(b1, 'banned', 1_000), nextEvent(b2, 'banned', 1_000)];
    const notice = nextEvent<{ text: string }>(watcher, 'notice', 1_000);
    const res = await post('/api/admin/users/BANNY/ban', { reason: 'rude' });
    expect(res).toMatchObject({ status: 200, body: { user: 'banny', until: null, reason: 'rude' } });
    for (const e of await Promise.all(events))
      expect(e).toEqual({ type: 'banned', by: 'admin', reason: 'rude', until: null });
    expect((await notice).text).toBe('banny was banned by admin: rude');
    await eventually(() => expect(b1.closed && b2.closed).toBe(true), 1_000);

    const retry = await sys.edge.connect();
    await expect(retry.request('login', { user: 'banny', password: 'banny-password' })).rejects.toMatchObject(
      {
        code: 'BANNED',
        details: { reason: 'rude', until: null },
      },
    );
    expect((await del('/api/admin/users/banny/ban')).body).toEqual({ user: 'banny', live: true });
    await expect(
      retry.request('login', { user: 'banny', password: 'banny-password' }),
    ).resolves.toMatchObject({ user: 'banny' });
    await retry.close();
    expect((await audit('banny')).map((e) => [e.action, e.actor, e.reason])).toEqual([
      ['unban', 'admin', null],
      ['ban', 'admin', 'rude'],
    ]);
  });

  it('a timed ban ends by itself (minutes: 0.05)', async () => {
    const b = await sys.tcp('shortban');
    // Three seconds: long enough that a busy machine still tries the log-in while it lasts.
    const res = await post('/api/admin/users/shortban/ban', { minutes: 0.05 });
    expect(Date.parse(res.body.until as string) - Date.now()).toBeGreaterThan(0);
    expect(Date.parse(res.body.until as string) - Date.now()).toBeLessThanOrEqual(3_000);
    await eventually(() => expect(b.closed).toBe(true), 1_000);
    const early = await sys.request('POST', '/api/auth/login', {
      json: { username: 'shortban', password: 'shortban-password' },
    });
    expect(early).toMatchObject({ status: 403, body: { code: 'BANNED', until: res.body.until } });
    await eventually(async () => {
      const later = await sys.request('POST', '/api/auth/login', {
        json: { username: 'shortban', password: 'shortban-password' },
      });
      expect(later.status).toBe(200);
    }, 8_000);
    const users = await sys.request<{ items: { ban: unknown }[] }>('GET', '/api/users?search=shortban', {
      token: admin,
    });
    expect(users.body.items[0].ban).toBeNull();
  });

  it('mute: the user gets muted, send fails with MUTED until unmuted, then unmuted', async () => {
    const m = await sys.tcp('mutey');
    const muted = nextEvent(m, 'muted', 1_000);
    const res = await post('/api/admin/users/mutey/mute', { reason: 'flood', minutes: 30 });
    expect(res).toMatchObject({ status: 200, body: { user: 'mutey', reason: 'flood' } });
    expect(await muted).toEqual({ type: 'muted', by: 'admin', reason: 'flood', until: res.body.until });
    await expect(m.request('send', { to: '*', text: 'hello?' })).rejects.toMatchObject({
      code: 'MUTED',
      details: { until: res.body.until },
    });
    expect(m.closed).toBe(false);

    const unmuted = nextEvent(m, 'unmuted', 1_000);
    const notice = nextEvent<{ text: string }>(watcher, 'notice', 1_000);
    expect((await del('/api/admin/users/mutey/mute')).body).toEqual({ user: 'mutey', live: true });
    expect(await unmuted).toEqual({ type: 'unmuted' });
    expect((await notice).text).toBe('mutey was unmuted by admin');
    await expect(m.request('send', { to: '*', text: 'back' })).resolves.toMatchObject({
      seq: expect.any(Number),
    });
    await m.close();
    expect((await audit('mutey')).map((e) => e.action)).toEqual(['unmute', 'mute']);
  });

  it('a timed mute ends by itself', async () => {
    const m = await sys.tcp('shortmute');
    await post('/api/admin/users/shortmute/mute', { minutes: 0.01 });
    await expect(m.request('send', { to: '*', text: 'x' })).rejects.toMatchObject({ code: 'MUTED' });
    await eventually(
      () => expect(m.request('send', { to: '*', text: 'free' })).resolves.toBeDefined(),
      3_000,
    );
    await m.close();
  });

  it('kick: every connection gets kicked and is closed; the user may log in again', async () => {
    const [k1, k2] = [await sys.tcp('kicky'), await sys.tcp('kicky')];
    const events = [nextEvent(k1, 'kicked', 1_000), nextEvent(k2, 'kicked', 1_000)];
    const closed = [new Promise((r) => k1.once('close', r)), new Promise((r) => k2.once('close', r))];
    const res = await post('/api/admin/users/kicky/kick', { reason: 'take a break' });
    expect(res).toMatchObject({ status: 200, body: { user: 'kicky' } });
    for (const e of await Promise.all(events))
      expect(e).toEqual({ type: 'kicked', by: 'admin', reason: 'take a break' });
    await Promise.all(closed);
    const again = await sys.tcp('kicky');
    await again.close();
    expect(await audit('kicky')).toMatchObject([{ action: 'kick', actor: 'admin', reason: 'take a break' }]);
  });

  it('announce: every logged-in connection gets a notice; 204', async () => {
    const other = await sys.tcp('listener');
    const notices = [
      nextEvent<{ text: string }>(watcher, 'notice', 1_000),
      nextEvent<{ text: string }>(other, 'notice', 1_000),
    ];
    const res = await post('/api/admin/announce', { text: 'Restart at 22:00' });
    expect(res.status).toBe(204);
    for (const n of await Promise.all(notices))
      expect(n).toEqual({ type: 'notice', text: 'Restart at 22:00' });
    await other.close();
    const log = await sys.request<Audit>('GET', '/api/admin/audit?limit=1', { token: admin });
    expect(log.body.items[0]).toMatchObject({
      action: 'announce',
      actor: 'admin',
      target: null,
      details: { text: 'Restart at 22:00' },
    });
  });

  it('role: promotion applies at once to the live session (moderation frames allowed), demotion revokes it', async () => {
    const p = await sys.tcp('promo');
    await sys.tcp('victim').then((c) => c.close());
    await expect(p.request('mute', { user: 'victim' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const told = nextEvent<{ text: string }>(p, 'notice', 1_000);
    const res = await sys.request('PATCH', '/api/admin/users/promo', {
      token: admin,
      json: { role: 'admin' },
    });
    expect(res).toMatchObject({ status: 200, body: { username: 'promo', role: 'admin' } });
    expect((await told).text).toBe('admin made you an admin');
    await expect(p.request('mute', { user: 'victim' })).resolves.toMatchObject({ user: 'victim' });
    await p.request('unmute', { user: 'victim' });
    await sys.request('PATCH', '/api/admin/users/promo', { token: admin, json: { role: 'user' } });
    await expect(p.request('mute', { user: 'victim' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await p.close();
    expect((await audit('promo')).map((e) => [e.action, e.details.role])).toEqual([
      ['role', 'user'],
      ['role', 'admin'],
    ]);
  });

  it('moderation over TCP and over REST share one audit log', async () => {
    const tcpAdmin = await sys.edge.admin();
    await sys.tcp('both').then((c) => c.close());
    await tcpAdmin.request('mute', { user: 'both', reason: 'via tcp' });
    await post('/api/admin/users/both/mute', { reason: 'via rest' });
    expect((await audit('both')).map((e) => e.reason)).toEqual(['via rest', 'via tcp']);
    await tcpAdmin.close();
  });

  it('REST messages stay deliverable while moderation happens (history over REST sees TCP messages)', async () => {
    const a = await sys.tcp('hist-a');
    const sent = nextEvent<MessageFrame>(a, 'message', 1_000);
    await a.request('send', { to: '*', text: 'after moderation' });
    const { seq } = await sent;
    const token = await sys.token('hist-a', 'hist-a-password');
    const res = await sys.request<{ messages: MessageFrame[] }>('GET', '/api/messages?with=*&limit=1', {
      token,
    });
    expect(res.body.messages).toMatchObject([{ seq, text: 'after moderation', from: 'hist-a' }]);
    await a.close();
  });

  describe('refusals', () => {
    const actions: [string, string, unknown][] = [
      ['POST', 'ban', { reason: 'x' }],
      ['DELETE', 'ban', undefined],
      ['POST', 'mute', {}],
      ['DELETE', 'mute', undefined],
      ['POST', 'kick', {}],
    ];

    it.each(actions)('%s …/%s on an unknown user: 404 NO_SUCH_USER', async (method, action, json) => {
      const res = await sys.request(method, `/api/admin/users/ghost/${action}`, { token: admin, json });
      expect(res).toMatchObject({
        status: 404,
        body: { statusCode: 404, code: 'NO_SUCH_USER', message: 'No such user: ghost' },
      });
    });

    it.each(actions)('%s …/%s on oneself: 403 FORBIDDEN', async (method, action, json) => {
      const res = await sys.request(method, `/api/admin/users/Admin/${action}`, { token: admin, json });
      expect(res).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN', message: 'An admin cannot act on itself' },
      });
    });

    it('an admin cannot demote itself; an unknown user cannot be promoted', async () => {
      expect(
        await sys.request('PATCH', '/api/admin/users/admin', { token: admin, json: { role: 'user' } }),
      ).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
      expect(
        await sys.request('PATCH', '/api/admin/users/ghost', { token: admin, json: { role: 'admin' } }),
      ).toMatchObject({
        status: 404,
        body: { code: 'NO_SUCH_USER' },
      });
    });

    it('every admin route refuses a user who is not an admin: 403 FORBIDDEN', async () => {
      const token = await sys.token('pleb');
      const routes: [string, string, unknown][] = [
        ...actions.map(([m, a, j]) => [m, `/api/admin/users/watcher/${a}`, j] as [string, string, unknown]),
        ['PATCH', '/api/admin/users/pleb', { role: 'admin' }],
        ['POST', '/api/admin/announce', { text: 'hi' }],
        ['GET', '/api/admin/audit', undefined],
        ['GET', '/api/users', undefined],
      ];
      for (const [method, path, json] of routes) {
        const res = await sys.request(method, path, { token, json });
        expect(res, `${method} ${path}`).toMatchObject({
          status: 403,
          body: { code: 'FORBIDDEN', message: 'Only admins may do that' },
        });
      }
      expect(watcher.closed).toBe(false);
    });

    it('every admin route refuses a caller without a token: 401', async () => {
      for (const [method, path] of [
        ['POST', '/api/admin/users/watcher/ban'],
        ['DELETE', '/api/admin/users/watcher/mute'],
        ['POST', '/api/admin/users/watcher/kick'],
        ['PATCH', '/api/admin/users/watcher'],
        ['POST', '/api/admin/announce'],
      ]) {
        expect((await sys.request(method, path, { json: {} })).status, `${method} ${path}`).toBe(401);
      }
    });

    it.each([
      ['ban', /^minutes must be a positive number$/, { minutes: 0 }],
      ['ban', /^minutes must be a positive number$/, { minutes: -5 }],
      ['ban', /^minutes must be a number$/, { minutes: 'ten' }],
      ['ban', /^minutes must not be greater than 5256000$/, { minutes: 60 * 24 * 365 * 10 + 1 }],
      ['ban', /^reason must be a string$/, { reason: 42 }],
      ['ban', /^reason must be shorter than or equal to 500 characters$/, { reason: 'x'.repeat(501) }],
      ['ban', /^property until should not exist$/, { until: '2030-01-01' }],
      ['mute', /minutes must be a number/, { minutes: null }],
      ['mute', /^minutes must be a number$/, { minutes: [1] }],
      ['mute', /^reason must be a string$/, { reason: { text: 'x' } }],
      ['kick', /^reason must be a string$/, { reason: false }],
      ['kick', /^property minutes should not exist$/, { minutes: 5 }],
    ])('POST …/%s: 400 INVALID %s', async (action, message, json) => {
      const res = await post(`/api/admin/users/watcher/${action}`, json);
      expect(res).toMatchObject({ status: 400, body: { statusCode: 400, code: 'INVALID' } });
      expect(res.body.message).toMatch(message);
      expect(watcher.closed).toBe(false);
    });

    it.each([
      [/^role must be one of the following values: user, admin$/, {}],
      [/^role must be one of the following values: user, admin$/, { role: 'god' }],
      [/^property extra should not exist$/, { role: 'admin', extra: 1 }],
    ])('PATCH a role: 400 INVALID %s', async (message, json) => {
      const res = await sys.request('PATCH', '/api/admin/users/watcher', { token: admin, json });
      expect(res).toMatchObject({ status: 400, body: { code: 'INVALID' } });
      expect(res.body.message).toMatch(message);
    });

    it.each([
      [/^text must be a string$/, {}],
      [/^text should not be empty$/, { text: '' }],
      [/^text must be a string$/, { text: 7 }],
      [/^text must be shorter than or equal to 4000 characters$/, { text: 'x'.repeat(4001) }],
    ])('announce: 400 INVALID %s', async (message, json) => {
      const res = await post('/api/admin/announce', json);
      expect(res).toMatchObject({ status: 400, body: { code: 'INVALID' } });
      expect(res.body.message).toMatch(message);
    });
  });
});
