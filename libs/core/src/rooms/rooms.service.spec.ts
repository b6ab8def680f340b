import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { openSqliteStore, Store } from '@chat/data';
import { MAX_ROOMS_OWNED } from '@chat/protocol';

import { Actor } from '../auth/actor';
import { RecordingLiveGateway } from '../testing/recording-live.gateway';
import { RoomsService } from './rooms.service';

const NOW = new Date('2030-01-01T12:00:00.000Z');
const user = (username: string): Actor => ({ username, role: 'user' });
const alice = user('alice');
const bob = user('Bob');
const carol = user('carol');
const admin: Actor = { username: 'root', role: 'admin' };

describe(RoomsService.name, () => {
  let dataDir: string;
  let store: Store;
  let live: RecordingLiveGateway;
  let sut: RoomsService;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    dataDir = mkdtempSync(join(tmpdir(), 'rooms-service-'));
    // A real SQLite store; a recording gateway stands in for the edge's connections.
    store = await openSqliteStore(dataDir);
    live = new RecordingLiveGateway();
    sut = new RoomsService(store, live);
    for (const a of [alice, bob, carol, admin]) {
      await store.users.create({ username: a.username, passwordHash: 'h', role: a.role });
    }
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

  it('creates a room under its canonical name with the creator as owner and member, and tells the index first', async () => {
    const room = await sut.create(alice, { room: '#Dev', topic: '  bugs  ', private: true });

    expect(room).toEqual({
      room: '#dev',
      topic: 'bugs',
      private: true,
      owner: 'alice',
      members: 1,
      joined: true,
    });
    expect(live.calls).toEqual([
      ['roomChanged', { room: '#dev', joined: ['alice'] }],
      ['sendToRoom', '#dev', { type: 'room.joined', room: '#dev', user: 'alice' }],
    ]);
    expect(await sut.roomNamesOf('ALICE')).toEqual(['#dev']);
  });

  it('refuses bad names, taken names in any case, and more rooms than a user may own', async () => {
    await expect(sut.create(alice, { room: 'dev' })).rejects.toMatchObject({ code: 'INVALID_ROOM' });
    await expect(sut.create(alice, { room: '#x' })).rejects.toMatchObject({ code: 'INVALID_ROOM' });
    await sut.create(alice, { room: '#dev' });
    await expect(sut.create(bob, { room: '#DEV' })).rejects.toMatchObject({ code: 'ROOM_EXISTS' });

    for (let i = 1; i < MAX_ROOMS_OWNED; i++) await store.rooms.create(record(`#r${i}`, 'carol'));
    await sut.create(carol, { room: '#last-one' });
    await expect(sut.create(carol, { room: '#one-too-many' })).rejects.toMatchObject({
      code: 'QUOTA_EXCEEDED',
    });
  });

  it('limits how fast one user creates rooms and invites', async () => {
    const attempts = [];
    for (let i = 0; i < 25; i++)
      attempts.push(await sut.create(bob, { room: `#b${i}` }).catch((e: unknown) => e));
    expect(attempts.filter((a) => (a as { code?: string }).code === 'RATE_LIMITED')).toHaveLength(5);
  });

  it('joins a public room once: a second join is a no-op with no event', async () => {
    await sut.create(alice, { room: '#dev' });
    live.calls.length = 0;

    expect(await sut.join(bob, '#DEV')).toMatchObject({ room: '#dev', members: 2, joined: true });
    expect(await sut.join(bob, '#dev')).toMatchObject({ members: 2 });
    expect(live.calls).toEqual([
      ['roomChanged', { room: '#dev', joined: ['Bob'] }],
      ['sendToRoom', '#dev', { type: 'room.joined', room: '#dev', user: 'Bob' }],
    ]);
  });

  it('hides a private room from outsiders (NO_SUCH_ROOM, never FORBIDDEN) until they are invited', async () => {
    await sut.create(alice, { room: '#secret', private: true });

    await expect(sut.join(bob, '#secret')).rejects.toMatchObject({ code: 'NO_SUCH_ROOM' });
    await expect(sut.members(bob, '#secret')).rejects.toMatchObject({ code: 'NO_SUCH_ROOM' });
    await expect(sut.invite(bob, '#secret', 'carol')).rejects.toMatchObject({ code: 'NO_SUCH_ROOM' });
    await expect(sut.setTopic(bob, '#secret', 'x')).rejects.toMatchObject({ code: 'NO_SUCH_ROOM' });
    await expect(sut.forMember(bob, '#secret')).rejects.toMatchObject({ code: 'NO_SUCH_ROOM' });
    expect((await sut.list(bob)).map((r) => r.room)).toEqual([]);

    await sut.invite(alice, '#secret', 'BOB');
    expect(live.calls.at(-1)).toEqual([
      'sendToUser',
      'Bob',
      { type: 'room.invited', room: '#secret', by: 'alice' },
    ]);
    expect(await sut.join(bob, '#secret')).toMatchObject({ members: 2 });
    expect((await sut.list(bob)).map((r) => [r.room, r.joined])).toEqual([['#secret', true]]);
    // Admins see and act in every room.
    expect((await sut.members(admin, '#secret')).members).toEqual(['alice', 'Bob']);
  });

  it('answers who of the members is online', async () => {
    await sut.create(alice, { room: '#dev' });
    await sut.join(bob, '#dev');
    live.onlineNames = ['bob', 'carol'];
    expect(await sut.members(carol, '#dev')).toEqual({ members: ['alice', 'Bob'], online: ['Bob'] });
  });

  it('lets only members send: NOT_IN_ROOM for who may see the room, NO_SUCH_ROOM for who may not', async () => {
    await sut.create(alice, { room: '#dev' });
    await expect(sut.forMember(bob, '#dev')).rejects.toMatchObject({ code: 'NOT_IN_ROOM' });
    await expect(sut.forMember(bob, '#nope')).rejects.toMatchObject({ code: 'NO_SUCH_ROOM' });
    expect(await sut.forMember(alice, '#DEV')).toMatchObject({ name: '#dev', owner: 'alice' });
  });

  it('tells the leaver’s connections before the index forgets them; leaving twice is NOT_IN_ROOM', async () => {
    await sut.create(alice, { room: '#dev' });
    await sut.join(bob, '#dev');
    live.calls.length = 0;

    expect(await sut.leave(bob, '#dev')).toEqual({ room: '#dev' });
    expect(live.calls).toEqual([
      ['sendToRoom', '#dev', { type: 'room.left', room: '#dev', user: 'Bob' }],
      ['roomChanged', { room: '#dev', left: ['Bob'] }],
    ]);
    await expect(sut.leave(bob, '#dev')).rejects.toMatchObject({ code: 'NOT_IN_ROOM' });
  });

  it('removes a member (owner or admin only), telling everyone, and audits it', async () => {
    await sut.create(alice, { room: '#dev' });
    await sut.join(bob, '#dev');
    await sut.join(carol, '#dev');
    await expect(sut.kick(carol, '#dev', 'bob')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(sut.kick(alice, '#dev', 'alice')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(sut.kick(alice, '#dev', 'ghost')).rejects.toMatchObject({ code: 'NO_SUCH_USER' });
    live.calls.length = 0;

    expect(await sut.kick(alice, '#dev', 'BOB', { reason: 'spam' })).toEqual({ room: '#dev', user: 'Bob' });
    expect(live.calls).toEqual([
      ['sendToRoom', '#dev', { type: 'room.left', room: '#dev', user: 'Bob', by: 'alice', reason: 'spam' }],
      ['roomChanged', { room: '#dev', left: ['Bob'] }],
      ['sendToUser', 'Bob', { type: 'room.kicked', room: '#dev', by: 'alice', reason: 'spam' }],
    ]);
    await expect(sut.kick(admin, '#dev', 'bob')).rejects.toMatchObject({ code: 'NOT_IN_ROOM' });
    expect(await audit()).toEqual([
      { actor: 'alice', action: 'room.kick', target: 'Bob', reason: 'spam', details: { room: '#dev' } },
    ]);
  });

  it('bans from a room for a while: join fails BANNED_FROM_ROOM until it ends or is lifted', async () => {
    await sut.create(alice, { room: '#dev' });
    await sut.join(bob, '#dev');
    const until = new Date(NOW.getTime() + 30 * 60_000).toISOString();

    expect(await sut.kick(alice, '#dev', 'bob', { ban: true, minutes: 30 })).toEqual({
      room: '#dev',
      user: 'Bob',
      until,
    });
    await expect(sut.join(bob, '#dev')).rejects.toMatchObject({
      code: 'BANNED_FROM_ROOM',
      details: { until },
    });
    await expect(sut.invite(carol, '#dev', 'bob')).rejects.toMatchObject({ code: 'BANNED_FROM_ROOM' });
    vi.setSystemTime(NOW.getTime() + 31 * 60_000);
    await expect(sut.join(bob, '#dev')).resolves.toMatchObject({ members: 2 });

    await sut.kick(admin, '#dev', 'bob', { ban: true, reason: 'again' });
    await expect(sut.join(bob, '#dev')).rejects.toMatchObject({
      code: 'BANNED_FROM_ROOM',
      details: { until: null },
    });
    await sut.unban(alice, '#dev', 'bob');
    await expect(sut.join(bob, '#dev')).resolves.toMatchObject({ members: 2 });
    expect((await audit()).map((e) => (e as { action: string }).action)).toEqual([
      'room.unban',
      'room.ban',
      'room.ban',
    ]);
  });

  it('sets the topic (owner or admin), telling the members', async () => {
    await sut.create(alice, { room: '#dev' });
    await sut.join(bob, '#dev');
    await expect(sut.setTopic(bob, '#dev', 'mine')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    live.calls.length = 0;

    expect(await sut.setTopic(admin, '#dev', ' Friday ')).toMatchObject({ topic: 'Friday', members: 2 });
    expect(live.calls).toEqual([
      ['sendToRoom', '#dev', { type: 'room.topic', room: '#dev', topic: 'Friday', by: 'root' }],
    ]);
    expect((await sut.get(carol, '#dev')).topic).toBe('Friday');
  });

  it('deletes a room: members told first, then the index forgets it; a new room of the name is another room', async () => {
    await sut.create(alice, { room: '#dev' });
    const before = await store.rooms.findByName('#dev');
    await expect(sut.delete(bob, '#dev')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    live.calls.length = 0;

    expect(await sut.delete(admin, '#dev')).toEqual({ room: '#dev' });
    expect(live.calls).toEqual([
      ['sendToRoom', '#dev', { type: 'room.deleted', room: '#dev', by: 'root' }],
      ['roomChanged', { room: '#dev', deleted: true }],
    ]);
    await expect(sut.get(alice, '#dev')).rejects.toMatchObject({ code: 'NO_SUCH_ROOM' });
    await sut.create(bob, { room: '#dev' });
    expect((await store.rooms.findByName('#dev'))!.id).not.toBe(before!.id);
    expect(await audit()).toEqual([
      {
        actor: 'root',
        action: 'room.delete',
        target: null,
        reason: null,
        details: { room: '#dev', owner: 'alice' },
      },
    ]);
  });

  it('lists every room to admins only', async () => {
    await sut.create(alice, { room: '#open' });
    await sut.create(bob, { room: '#closed', private: true });
    await expect(sut.listAll(alice, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await sut.listAll(admin, {})).items.map((r) => [r.name, r.members])).toEqual([
      ['#closed', 1],
      ['#open', 1],
    ]);
  });
});

function record(name: string, owner: string) {
  return { id: `id-${name}`, name, topic: '', private: false, owner, createdAt: NOW };
}
