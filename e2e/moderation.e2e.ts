import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient } from '@chat/protocol';

import { EdgeProcess } from './support/edge-process';
import { eventually, nextEvent } from './support/events';

describe('moderation (protocol.md §7)', () => {
  let edge: EdgeProcess;
  let admin: ChatClient;
  let watcher: ChatClient;

  beforeAll(async () => {
    edge = await EdgeProcess.start();
    admin = await edge.admin();
    watcher = await edge.login('watcher');
  });
  afterAll(async () => {
    await Promise.all([admin.close(), watcher.close()]);
    await edge.dispose();
  });

  it('refuses moderation frames from users who are not admins', async () => {
    const user = await edge.login('plain');
    const frames = [
      ['kick', { user: 'watcher' }],
      ['ban', { user: 'watcher' }],
      ['unban', { user: 'watcher' }],
      ['mute', { user: 'watcher' }],
      ['unmute', { user: 'watcher' }],
    ] as const;
    for (const [type, fields] of frames)
      await expect(user.request(type, fields)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await user.close();
  });

  it('refuses an admin acting on itself, and unknown users', async () => {
    await expect(admin.request('ban', { user: 'ADMIN' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.request('kick', { user: 'admin' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.request('mute', { user: 'ghost' })).rejects.toMatchObject({ code: 'NO_SUCH_USER' });
    await expect(admin.request('mute', { user: 'watcher', minutes: -1 })).rejects.toMatchObject({
      code: 'INVALID',
    });
  });

  it('kicks: every connection of the user gets kicked and is closed; they may log in again', async () => {
    const k1 = await edge.login('kicky');
    const k2 = await edge.login('kicky');
    const events = [nextEvent(k1, 'kicked'), nextEvent(k2, 'kicked')];
    const closed = [new Promise((r) => k1.once('close', r)), new Promise((r) => k2.once('close', r))];
    const notice = nextEvent<{ text: string }>(watcher, 'notice');
    await expect(admin.request('kick', { user: 'kicky', reason: 'spam' })).resolves.toEqual({
      user: 'kicky',
    });
    for (const e of await Promise.all(events))
      expect(e).toEqual({ type: 'kicked', by: 'admin', reason: 'spam' });
    await Promise.all(closed);
    expect((await notice).text).toContain('kicky');
    const again = await edge.login('kicky');
    await again.close();
  });

  it('bans: the user is disconnected with banned, login fails with BANNED until unbanned', async () => {
    const b = await edge.login('banny');
    const banned = nextEvent(b, 'banned');
    const notice = nextEvent<{ text: string }>(watcher, 'notice');
    const ok = await admin.request('ban', { user: 'banny', reason: 'rude' });
    expect(ok).toEqual({ user: 'banny', until: null });
    expect(await banned).toEqual({ type: 'banned', by: 'admin', reason: 'rude', until: null });
    expect((await notice).text).toContain('banny');
    await eventually(() => expect(b.closed).toBe(true));
    const retry = await edge.connect();
    await expect(retry.request('login', { user: 'banny', password: 'banny-password' })).rejects.toMatchObject(
      {
        code: 'BANNED',
        details: { reason: 'rude', until: null },
      },
    );
    await admin.request('unban', { user: 'banny' });
    await expect(
      retry.request('login', { user: 'banny', password: 'banny-password' }),
    ).resolves.toMatchObject({ user: 'banny' });
    await retry.close();
  });

  it('timed bans end by themselves', async () => {
    const b = await edge.login('shortban');
    const ok = await admin.request('ban', { user: 'shortban', minutes: 0.02 });
    expect(Date.parse(ok.until!)).toBeGreaterThan(Date.now());
    await eventually(() => expect(b.closed).toBe(true));
    const retry = await edge.connect();
    await expect(
      retry.request('login', { user: 'shortban', password: 'shortban-password' }),
    ).rejects.toMatchObject({
      code: 'BANNED',
      details: { until: ok.until },
    });
    await new Promise((r) => setTimeout(r, Date.parse(ok.until!) - Date.now() + 50));
    await expect(
      retry.request('login', { user: 'shortban', password: 'shortban-password' }),
    ).resolves.toBeDefined();
    await retry.close();
  });

  it('mutes: send fails with MUTED (+until) until unmuted; the user is told both', async () => {
    const m = await edge.login('mutey');
    const muted = nextEvent(m, 'muted');
    const ok = await admin.request('mute', { user: 'mutey', minutes: 5, reason: 'calm down' });
    expect(await muted).toEqual({ type: 'muted', by: 'admin', until: ok.until, reason: 'calm down' });
    await expect(m.request('send', { to: '*', text: 'hi' })).rejects.toMatchObject({
      code: 'MUTED',
      details: { until: ok.until },
    });
    const unmuted = nextEvent(m, 'unmuted');
    await admin.request('unmute', { user: 'mutey' });
    expect(await unmuted).toEqual({ type: 'unmuted' });
    await expect(m.request('send', { to: '*', text: 'hi again' })).resolves.toBeDefined();
    await m.close();
  });

  it('timed mutes end by themselves, and the user is told unmuted when they do', async () => {
    const m = await edge.login('shortmute');
    const ok = await admin.request('mute', { user: 'shortmute', minutes: 0.01 });
    const unmuted = nextEvent(m, 'unmuted');
    await expect(m.request('send', { to: '*', text: 'x' })).rejects.toMatchObject({ code: 'MUTED' });
    expect(await unmuted).toEqual({ type: 'unmuted' });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(ok.until!));
    await expect(m.request('send', { to: '*', text: 'x' })).resolves.toBeDefined();
    await m.close();
  });

  it('a mute that already runs at log-in still ends with unmuted; a lifted mute sends no second one', async () => {
    const first = await edge.login('latecomer');
    const ok = await admin.request('mute', { user: 'latecomer', minutes: 0.02 });
    await first.close();
    const again = await edge.login('latecomer');
    const unmuted: unknown[] = [];
    again.on('unmuted', (e) => unmuted.push(e));
    await eventually(() => expect(unmuted).toEqual([{ type: 'unmuted' }]));
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(ok.until!));

    await admin.request('mute', { user: 'latecomer', minutes: 0.01 });
    await admin.request('unmute', { user: 'latecomer' });
    await eventually(() => expect(unmuted).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(unmuted).toHaveLength(2);
    await again.close();
  });
});

describe('rate limit (protocol.md §4)', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start({ env: { RATE_LIMIT_BURST: '20', RATE_LIMIT_PER_SEC: '5' } });
  });
  afterAll(() => edge.dispose());

  it('answers a sustained flood with RATE_LIMITED and retryAfterMs, and nothing else happens to the connection', async () => {
    const c = await edge.login('flooder');
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => c.request('send', { to: '*', text: `f${i}` })),
    );
    const accepted = results.filter((r) => r.status === 'fulfilled').length;
    const limited = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason);
    expect(accepted).toBeGreaterThanOrEqual(20);
    expect(accepted).toBeLessThan(30);
    expect(limited.length).toBe(60 - accepted);
    for (const e of limited) {
      expect(e.code).toBe('RATE_LIMITED');
      expect(e.details.retryAfterMs).toBeGreaterThan(0);
    }
    await new Promise((r) => setTimeout(r, limited[limited.length - 1].details.retryAfterMs + 20));
    await expect(c.request('send', { to: '*', text: 'after the wait' })).resolves.toBeDefined();
    expect(c.closed).toBe(false);
    await c.close();
  });
});
