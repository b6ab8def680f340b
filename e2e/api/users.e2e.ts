import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient } from '@chat/protocol';

import { eventually } from '../support/events';
import { SystemProcess } from '../support/system-process';

interface UserView {
  username: string;
  role: string;
  online: boolean;
  createdAt: string;
  lastSeen: string | null;
  ban: { reason: string | null; by: string; at: string; until: string | null } | null;
  mute: { reason: string | null; by: string; at: string; until: string | null } | null;
}
interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

describe('admin API: users, presence and the audit log', () => {
  let sys: SystemProcess;
  let admin: string;
  let user: string;
  let online: ChatClient[];

  beforeAll(async () => {
    sys = await SystemProcess.start();
    admin = await sys.adminToken();
    user = await sys.token('uma');
    for (const name of ['zed', 'yan', 'Xia']) await sys.token(name);
    online = [await sys.tcp('zed'), await sys.tcp('yan')];
  });
  afterAll(async () => {
    await Promise.all((online ?? []).map((c) => c.close()));
    await sys?.dispose();
  });

  it('GET /api/users/online answers who is logged in on the edge, for any user', async () => {
    const res = await sys.request('GET', '/api/users/online', { token: user });
    expect(res).toEqual({
      status: 200,
      body: { online: ['yan', 'zed'], count: 2 },
      headers: expect.anything(),
    });
  });

  it('presence follows the TCP sessions: a closed session is offline at once', async () => {
    const extra = await sys.tcp('uma');
    expect((await sys.request('GET', '/api/users/online', { token: user })).body).toEqual({
      online: ['uma', 'yan', 'zed'],
      count: 3,
    });
    await extra.close();
    await eventually(async () => {
      expect((await sys.request('GET', '/api/users/online', { token: user })).body).toMatchObject({
        count: 2,
      });
    }, 2_000);
  });

  it('GET /api/users lists every user sorted by name, with role, online, ban, mute, createdAt, lastSeen', async () => {
    await sys.request('POST', '/api/admin/users/yan/mute', {
      token: admin,
      json: { reason: 'loud', minutes: 5 },
    });
    await sys.request('POST', '/api/admin/users/Xia/ban', { token: admin, json: { reason: 'spam' } });
    const res = await sys.request<Page<UserView>>('GET', '/api/users', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 5, offset: 0, limit: 50 });
    expect(res.body.items.map((u) => [u.username, u.role, u.online])).toEqual([
      ['admin', 'admin', false],
      ['uma', 'user', false],
      ['Xia', 'user', false],
      ['yan', 'user', true],
      ['zed', 'user', true],
    ]);
    const byName = Object.fromEntries(res.body.items.map((u) => [u.username, u]));
    expect(byName.yan.mute).toMatchObject({ reason: 'loud', by: 'admin', until: expect.any(String) });
    expect(byName.yan.ban).toBeNull();
    expect(byName.Xia.ban).toMatchObject({ reason: 'spam', by: 'admin', until: null });
    expect(Date.parse(byName.Xia.ban!.at)).toBeGreaterThan(Date.parse(byName.Xia.createdAt));
    expect(byName.uma.lastSeen).toEqual(expect.any(String)); // logged out of TCP above
    expect(byName.zed.lastSeen === null || typeof byName.zed.lastSeen === 'string').toBe(true);
  });

  it('searches without regard to case, and pages', async () => {
    const search = await sys.request<Page<UserView>>('GET', '/api/users?search=X', { token: admin });
    expect(search.body.items.map((u) => u.username)).toEqual(['Xia']);
    expect(search.body.total).toBe(1);
    const page = await sys.request<Page<UserView>>('GET', '/api/users?offset=1&limit=2', { token: admin });
    expect(page.body).toMatchObject({ total: 5, offset: 1, limit: 2 });
    expect(page.body.items.map((u) => u.username)).toEqual(['uma', 'Xia']);
  });

  it.each([
    ['limit=0', /^limit must not be less than 1$/],
    ['limit=1001', /^limit must not be greater than 1000$/],
    ['limit=ten', /^limit must be an integer number$/],
    ['offset=-1', /^offset must not be less than 0$/],
    ['offset=1.5', /^offset must be an integer number$/],
    ['search=' + 'a'.repeat(65), /^search must be shorter than or equal to 64 characters$/],
    ['role=admin', /^property role should not exist$/],
  ])('GET /api/users?%s: 400 INVALID', async (query, message) => {
    const res = await sys.request('GET', `/api/users?${query}`, { token: admin });
    expect(res).toMatchObject({ status: 400, body: { code: 'INVALID' } });
    expect(res.body.message).toMatch(message);
  });

  it('GET /api/me shows the caller its own mute', async () => {
    const yan = await sys.token('yan');
    const res = await sys.request<UserView>('GET', '/api/me', { token: yan });
    expect(res.body).toMatchObject({ username: 'yan', online: true, mute: { reason: 'loud' } });
  });

  describe('GET /api/admin/audit', () => {
    it('answers who did what to whom, when and why, newest first', async () => {
      const res = await sys.request<Page<Record<string, unknown>>>('GET', '/api/admin/audit', {
        token: admin,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 2, offset: 0, limit: 50 });
      expect(res.body.items).toEqual([
        {
          id: expect.any(String),
          at: expect.any(String),
          actor: 'admin',
          action: 'ban',
          target: 'Xia',
          reason: 'spam',
          details: { until: null },
        },
        {
          id: expect.any(String),
          at: expect.any(String),
          actor: 'admin',
          action: 'mute',
          target: 'yan',
          reason: 'loud',
          details: { until: expect.any(String) },
        },
      ]);
      expect(Date.parse(res.body.items[0].at as string)).toBeGreaterThanOrEqual(
        Date.parse(res.body.items[1].at as string),
      );
    });

    it('pages and filters by actor and target', async () => {
      const page = await sys.request<Page<{ action: string }>>('GET', '/api/admin/audit?offset=1&limit=1', {
        token: admin,
      });
      expect(page.body).toMatchObject({ total: 2, offset: 1, limit: 1, items: [{ action: 'mute' }] });
      const target = await sys.request<Page<{ target: string }>>('GET', '/api/admin/audit?target=yan', {
        token: admin,
      });
      expect(target.body.items.map((e) => e.target)).toEqual(['yan']);
      const actor = await sys.request<Page<unknown>>('GET', '/api/admin/audit?actor=nobody', {
        token: admin,
      });
      expect(actor.body).toMatchObject({ total: 0, items: [] });
    });

    it('filters by action, alone and with a target', async () => {
      await sys.request('POST', '/api/admin/users/uma/ban', { token: admin, json: { reason: 'flood' } });
      const audit = async (query: string) =>
        (
          await sys.request<Page<{ action: string; target: string }>>('GET', `/api/admin/audit?${query}`, {
            token: admin,
          })
        ).body;

      const bans = await audit('action=ban');
      expect(bans).toMatchObject({ total: 2, offset: 0, limit: 50 });
      expect(bans.items.map((e) => [e.action, e.target])).toEqual([
        ['ban', 'uma'],
        ['ban', 'Xia'],
      ]);
      expect(await audit('action=ban&target=xia')).toMatchObject({
        total: 1,
        items: [{ action: 'ban', target: 'Xia' }],
      });
      expect(await audit('action=ban&offset=1&limit=1')).toMatchObject({
        total: 2,
        items: [{ action: 'ban', target: 'Xia' }],
      });
      expect(await audit('action=mute&target=uma')).toMatchObject({ total: 0, items: [] });
      expect(await audit('action=kick')).toMatchObject({ total: 0, items: [] });
    });

    const ACTIONS =
      /^action must be one of the following values: ban, unban, mute, unmute, kick, role, announce, revoke-tokens, password-reset, account-delete, room.kick, room.ban, room.unban, room.delete$/;

    it.each([
      ['limit=0', /^limit must not be less than 1$/],
      ['offset=x', /^offset must be an integer number$/],
      ['kind=ban', /^property kind should not exist$/],
      ['action=bans', ACTIONS],
      ['action=BAN', ACTIONS],
      ['action=', ACTIONS],
      ['action=ban&action=mute', ACTIONS],
    ])('?%s: 400 INVALID', async (query, message) => {
      const res = await sys.request('GET', `/api/admin/audit?${query}`, { token: admin });
      expect(res).toMatchObject({ status: 400, body: { code: 'INVALID' } });
      expect(res.body.message).toMatch(message);
    });
  });

  it('answers JSON for unknown routes too: 404', async () => {
    const res = await sys.request('GET', '/api/nope', { token: admin });
    expect(res).toMatchObject({ status: 404, body: { statusCode: 404, code: 'NOT_FOUND' } });
  });
});
