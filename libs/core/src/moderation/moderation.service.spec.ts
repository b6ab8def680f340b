import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { openSqliteStore, Store } from '@chat/data';

import { Actor } from '../auth/actor';
import { RecordingLiveGateway } from '../testing/recording-live.gateway';
import { ModerationService } from './moderation.service';

const NOW = new Date('2030-01-01T12:00:00.000Z');
const admin: Actor = { username: 'root', role: 'admin' };
const notice = (text: string): unknown[] => ['broadcast', { type: 'notice', text }];

describe(ModerationService.name, () => {
  let dataDir: string;
  let store: Store;
  let live: RecordingLiveGateway;
  let sut: ModerationService;

  beforeEach(async () => {
    // The clock only, for exact `until`s; the store runs for real on a temporary SQLite file.
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    dataDir = mkdtempSync(join(tmpdir(), 'moderation-service-'));
    store = await openSqliteStore(dataDir);
    // Live connections are the edge's: a recording gateway stands in for them here.
    live = new RecordingLiveGateway();
    sut = new ModerationService(store, live);
    await store.users.create({ username: 'root', passwordHash: 'h', role: 'admin' });
    await store.users.create({ username: 'Bob', passwordHash: 'h', role: 'user' });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const audit = async (): Promise<unknown[]> =>
    (await store.audit.list({})).items.map(({ actor, action, target, reason, details }) => ({
      actor,
      action,
      target,
      reason,
      details,
    }));
  const bob = () => store.users.findByName('bob');

  describe('kick', () => {
    it('disconnects the user with the reason, audits it, and tells everyone', async () => {
      await expect(sut.kick(admin, 'BOB', { reason: 'spam' })).resolves.toMatchObject({
        user: { username: 'Bob' },
        live: true,
      });

      expect(live.calls).toEqual([
        ['disconnectUser', 'Bob', { type: 'kicked', by: 'root', reason: 'spam' }],
        notice('Bob was kicked by root: spam'),
      ]);
      expect(await audit()).toEqual([
        { actor: 'root', action: 'kick', target: 'Bob', reason: 'spam', details: {} },
      ]);
    });

    it('leaves the reason out when there is none', async () => {
      await sut.kick(admin, 'bob');

      expect(live.calls).toEqual([
        ['disconnectUser', 'Bob', { type: 'kicked', by: 'root' }],
        notice('Bob was kicked by root'),
      ]);
    });
  });

  describe('ban and unban', () => {
    it('bans for a time: stores it, audits it, disconnects the user with `banned`, tells everyone', async () => {
      const until = '2030-01-01T12:30:00.000Z';

      const result = await sut.ban(admin, 'bob', { reason: 'flood', minutes: 30 });

      const ban = { reason: 'flood', by: 'root', at: NOW, until: new Date(until) };
      expect(result).toMatchObject({ user: { username: 'Bob' }, restriction: ban });
      expect((await bob())?.ban).toEqual(ban);
      expect(await audit()).toEqual([
        { actor: 'root', action: 'ban', target: 'Bob', reason: 'flood', details: { until } },
      ]);
      expect(live.calls).toEqual([
        ['disconnectUser', 'Bob', { type: 'banned', by: 'root', until, reason: 'flood' }],
        notice(`Bob was banned by root until ${until}: flood`),
      ]);
    });

    it('bans until lifted without minutes, and unbans: cleared, audited, told to everyone alone', async () => {
      await sut.ban(admin, 'bob');
      expect((await bob())?.ban).toMatchObject({ until: null, reason: null });

      await expect(sut.unban(admin, 'bob')).resolves.toMatchObject({ user: { username: 'Bob' }, live: true });

      expect((await bob())?.ban).toBeNull();
      // The ban voided Bob's tokens: lifting it brings no old session back.
      expect((await bob())?.tokenVersion).toBe(1);
      expect(live.calls).toEqual([
        ['disconnectUser', 'Bob', { type: 'banned', by: 'root', until: null }],
        notice('Bob was banned by root'),
        notice('Bob was unbanned by root'),
      ]);
      expect((await audit())[0]).toEqual({
        actor: 'root',
        action: 'unban',
        target: 'Bob',
        reason: null,
        details: {},
      });
    });
  });

  describe('mute and unmute', () => {
    it('mutes for a time: stores it, audits it, tells the user `muted` and everyone a notice', async () => {
      const until = '2030-01-01T12:05:00.000Z';

      const result = await sut.mute(admin, 'bob', { reason: 'calm down', minutes: 5 });

      const mute = { reason: 'calm down', by: 'root', at: NOW, until: new Date(until) };
      expect(result.restriction).toEqual(mute);
      expect((await bob())?.mute).toEqual(mute);
      expect((await bob())?.ban).toBeNull();
      expect(await audit()).toEqual([
        { actor: 'root', action: 'mute', target: 'Bob', reason: 'calm down', details: { until } },
      ]);
      expect(live.calls).toEqual([
        ['sendToUser', 'Bob', { type: 'muted', by: 'root', until, reason: 'calm down' }],
        notice(`Bob was muted by root until ${until}: calm down`),
      ]);
    });

    it('unmutes: cleared, audited, the user told `unmuted`, everyone a notice', async () => {
      await sut.mute(admin, 'bob');
      live.calls.length = 0;

      await expect(sut.unmute(admin, 'bob')).resolves.toMatchObject({
        user: { username: 'Bob' },
        live: true,
      });

      expect((await bob())?.mute).toBeNull();
      expect((await audit())[0]).toMatchObject({
        action: 'unmute',
        target: 'Bob',
        reason: null,
        details: {},
      });
      expect(live.calls).toEqual([
        ['sendToUser', 'Bob', { type: 'unmuted' }],
        notice('Bob was unmuted by root'),
      ]);
    });
  });

  describe('revokeTokens', () => {
    it("voids the user's tokens, ends their sessions with `kicked`, audits it, tells nobody else", async () => {
      await expect(sut.revokeTokens(admin, 'BOB', { reason: 'lost phone' })).resolves.toMatchObject({
        user: { username: 'Bob' },
        live: true,
      });

      expect((await bob())?.tokenVersion).toBe(1);
      expect(live.calls).toEqual([
        ['disconnectUser', 'Bob', { type: 'kicked', by: 'root', reason: 'lost phone' }],
      ]);
      expect(await audit()).toEqual([
        { actor: 'root', action: 'revoke-tokens', target: 'Bob', reason: 'lost phone', details: {} },
      ]);
    });

    it('gives a reason of its own when none is given', async () => {
      await sut.revokeTokens(admin, 'bob');

      expect(live.calls).toEqual([
        ['disconnectUser', 'Bob', { type: 'kicked', by: 'root', reason: 'Signed out by an admin' }],
      ]);
    });

    it('leaves a mute alone: a mute revokes nothing', async () => {
      await sut.mute(admin, 'bob');
      expect((await bob())?.tokenVersion).toBe(0);
    });
  });

  describe('setRole', () => {
    it('promotes and demotes, audits both, and tells the user', async () => {
      await expect(sut.setRole(admin, 'bob', 'admin')).resolves.toMatchObject({ role: 'admin' });
      expect((await bob())?.role).toBe('admin');
      await sut.setRole(admin, 'bob', 'user');

      expect((await audit()).reverse()).toEqual([
        {
          actor: 'root',
          action: 'role',
          target: 'Bob',
          reason: null,
          details: { role: 'admin', previous: 'user' },
        },
        {
          actor: 'root',
          action: 'role',
          target: 'Bob',
          reason: null,
          details: { role: 'user', previous: 'admin' },
        },
      ]);
      expect(live.calls).toEqual([
        ['sendToUser', 'Bob', { type: 'notice', text: 'root made you an admin' }],
        ['sendToUser', 'Bob', { type: 'notice', text: 'root removed your admin role' }],
      ]);
    });

    it('does nothing when the user has the role already', async () => {
      await sut.setRole(admin, 'bob', 'user');

      expect(await audit()).toEqual([]);
      expect(live.calls).toEqual([]);
    });
  });

  it('announces: audited, a notice to everyone', async () => {
    await sut.announce(admin, 'Maintenance at noon');

    expect(await audit()).toEqual([
      {
        actor: 'root',
        action: 'announce',
        target: null,
        reason: null,
        details: { text: 'Maintenance at noon' },
      },
    ]);
    expect(live.calls).toEqual([notice('Maintenance at noon')]);
  });

  describe('refusals: nothing stored, audited or sent', () => {
    const user: Actor = { username: 'Bob', role: 'user' };
    const actions = {
      kick: (actor: Actor, target: string) => sut.kick(actor, target),
      ban: (actor: Actor, target: string) => sut.ban(actor, target, { minutes: 5 }),
      unban: (actor: Actor, target: string) => sut.unban(actor, target),
      mute: (actor: Actor, target: string) => sut.mute(actor, target, { minutes: 5 }),
      unmute: (actor: Actor, target: string) => sut.unmute(actor, target),
      setRole: (actor: Actor, target: string) => sut.setRole(actor, target, 'admin'),
      revokeTokens: (actor: Actor, target: string) => sut.revokeTokens(actor, target),
    };

    it.each(Object.keys(actions) as (keyof typeof actions)[])('%s', async (name) => {
      const act = actions[name];
      await expect(act(user, 'root'), 'a user').rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(act(admin, 'ROOT'), 'an admin on itself').rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(act(admin, 'nobody'), 'an unknown user').rejects.toMatchObject({ code: 'NO_SUCH_USER' });

      expect(await audit()).toEqual([]);
      expect(live.calls).toEqual([]);
      expect(await store.users.findByName('root')).toMatchObject({
        role: 'admin',
        ban: null,
        mute: null,
        tokenVersion: 0,
      });
    });

    it('announce from a user', async () => {
      await expect(sut.announce(user, 'hi')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await audit()).toEqual([]);
      expect(live.calls).toEqual([]);
    });
  });
});
