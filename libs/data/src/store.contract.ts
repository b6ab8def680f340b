import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ChatError, DELETED_USER, FileInfo, nameSkeleton, Recipient } from '@chat/protocol';

import { conversationKey } from './conversation';
import {
  MessageChange,
  MusicTrackRecord,
  NewMessage,
  Restriction,
  roomConversation,
  RoomRecord,
  SnapshotRecord,
  Store,
  StoredMessage,
} from './repositories';

/** Options of a contract run; `skip` reports the whole suite as skipped (a store that cannot run here). */
export interface StoreContractOptions {
  skip?: boolean;
}

let messageCounter = 0;

/**
 * A message as the edge would build it: kind, participants and conversation follow from `to`; a
 * room message (`to` a room) names the room's id in `extra.conversation` (see `roomMessage`).
 */
export function newMessage(from: string, to: Recipient, extra: Partial<NewMessage> = {}): NewMessage {
  const n = ++messageCounter;
  const kind = to === '*' ? 'all' : Array.isArray(to) ? 'group' : 'private';
  const participants = kind === 'all' ? [] : [from, ...(Array.isArray(to) ? to : [to])];
  return {
    msgId: `m-${n}`,
    ts: new Date(Date.UTC(2026, 10, 22, 10, 0, 0) + n * 1000),
    from,
    to,
    kind,
    text: `message ${n}`,
    file: null,
    participants,
    conversation: conversationKey(kind, participants),
    ...extra,
  };
}

/** A message to a room, as the edge builds it: kind room, no participants, the room's conversation. */
export function roomMessage(from: string, room: RoomRecord, extra: Partial<NewMessage> = {}): NewMessage {
  return newMessage(from, room.name, {
    kind: 'room',
    participants: [],
    conversation: roomConversation(room.id),
    ...extra,
  });
}

let roomCounter = 0;

/** A room record with a fresh id. */
export function newRoom(name: string, owner: string, extra: Partial<RoomRecord> = {}): RoomRecord {
  return {
    id: `room-${++roomCounter}-${name.slice(1)}`,
    name,
    topic: '',
    private: false,
    owner,
    createdAt: new Date(Date.UTC(2026, 11, 2, 10, 0, 0) + roomCounter * 1000),
    ...extra,
  };
}

function fileInfo(id: string): FileInfo {
  return { id, name: `${id}.png`, size: 1234, sha256: 'a'.repeat(64), mime: 'image/png' };
}

function restriction(by: string, until: Date | null, reason: string | null): Restriction {
  return { reason, by, at: new Date('2026-11-22T10:00:00.000Z'), until };
}

function seqs(messages: StoredMessage[]): number[] {
  return messages.map((m) => m.seq);
}

/**
 * The behaviour every Store must have, run against each implementation. `open` gives a fresh,
 * empty store for every test; the suite closes it afterwards.
 */
export function describeStoreContract(
  name: string,
  open: () => Promise<Store>,
  options: StoreContractOptions = {},
): void {
  (options.skip ? describe.skip : describe)(`${name} store contract`, () => {
    let sut: Store;

    beforeEach(async () => {
      sut = await open();
    });

    afterEach(async () => {
      await sut?.close();
    });

    it('answers ping, and finds nothing wrong with a sound store', async () => {
      expect(await sut.ping()).toBe(true);
      expect(await sut.verify()).toBeNull();
    });

    describeUsers(() => sut);
    describeMessages(() => sut);
    describeFiles(() => sut);
    describeAudit(() => sut);
    describeMusic(() => sut);
    describeScores(() => sut);
    describeSnapshots(() => sut);
    describeRooms(() => sut);
    describeReadMarks(() => sut);
    describeMessageChanges(() => sut);
    describeSearch(() => sut);
    describeAccountCare(() => sut);
  });
}

function describeUsers(store: () => Store): void {
  describe('users', () => {
    const register = (username: string, role: 'user' | 'admin' = 'user') =>
      store().users.create({ username, passwordHash: `hash-of-${username}`, role });

    it('creates a user and finds it by name in any case, case kept', async () => {
      const created = await register('Alice');
      expect(created).toMatchObject({ username: 'Alice', role: 'user', passwordHash: 'hash-of-Alice' });
      expect(created).toMatchObject({ lastSeen: null, ban: null, mute: null, tokenVersion: 0 });
      expect(created.createdAt).toBeInstanceOf(Date);

      const found = await store().users.findByName('aLICE');
      expect(found).toEqual(created);
    });

    it('refuses a name taken in another case with USER_EXISTS', async () => {
      await register('Alice');
      const attempt = register('alice');
      await expect(attempt).rejects.toBeInstanceOf(ChatError);
      await expect(attempt).rejects.toMatchObject({ code: 'USER_EXISTS' });
      expect(await store().users.count()).toBe(1);
    });

    it('finds a user by the skeleton of a look-alike name, the first by name, and nobody for another', async () => {
      await register('bob');
      await register('alice');
      await register('alice2');
      expect((await store().users.findBySkeleton(nameSkeleton('a1ice')))?.username).toBe('alice');
      // The store keeps look-alikes apart only by case-insensitive name; refusing them is the service's.
      await register('aIice');
      expect((await store().users.findBySkeleton(nameSkeleton('a1ice')))?.username).toBe('aIice');
      expect((await store().users.findBySkeleton(nameSkeleton('B0B')))?.username).toBe('bob');
      expect(await store().users.findBySkeleton(nameSkeleton('carol'))).toBeNull();
    });

    it('finds nobody for an unknown name', async () => {
      expect(await store().users.findByName('nobody')).toBeNull();
    });

    it('finds many by name in any case, leaving unknown names out', async () => {
      await register('alice');
      await register('Bob');
      await register('carol');
      const found = await store().users.findManyByNames(['BOB', 'alice', 'nobody', 'ALICE']);
      expect(found.map((u) => u.username).sort()).toEqual(['Bob', 'alice']);
      expect(await store().users.findManyByNames([])).toEqual([]);
    });

    it('lists sorted by name without regard to case, with search, paging and total', async () => {
      for (const name of ['dave', 'Bob', 'alice', 'carol', 'Alicia', 'bobby']) await register(name);
      const names = async (query: Parameters<Store['users']['list']>[0]) => {
        const page = await store().users.list(query);
        return { names: page.items.map((u) => u.username), total: page.total };
      };

      expect(await names({})).toEqual({
        names: ['alice', 'Alicia', 'Bob', 'bobby', 'carol', 'dave'],
        total: 6,
      });
      expect(await names({ search: 'BO' })).toEqual({ names: ['Bob', 'bobby'], total: 2 });
      expect(await names({ offset: 1, limit: 2 })).toEqual({ names: ['Alicia', 'Bob'], total: 6 });
      expect(await names({ search: 'li', limit: 1 })).toEqual({ names: ['alice'], total: 2 });
      expect(await names({ offset: 10 })).toEqual({ names: [], total: 6 });
      expect(await names({ search: 'zz' })).toEqual({ names: [], total: 0 });
    });

    it('searches for the characters typed, not for a pattern', async () => {
      for (const name of ['a.b', 'axb', 'a_c', 'a%c']) await register(name);
      expect((await store().users.list({ search: '.' })).items.map((u) => u.username)).toEqual(['a.b']);
      expect((await store().users.list({ search: '_' })).items.map((u) => u.username)).toEqual(['a_c']);
      expect((await store().users.list({ search: '%' })).items.map((u) => u.username)).toEqual(['a%c']);
    });

    it('sets the role, password hash and last seen', async () => {
      await register('alice');
      const lastSeen = new Date('2026-11-22T11:12:13.456Z');
      await store().users.setRole('ALICE', 'admin');
      await store().users.setPasswordHash('alice', 'new-hash');
      await store().users.touchLastSeen('Alice', lastSeen);
      expect(await store().users.findByName('alice')).toMatchObject({
        role: 'admin',
        passwordHash: 'new-hash',
        lastSeen,
      });
    });

    it('bumps the token version atomically: concurrent bumps each count, and a password change bumps it too', async () => {
      await register('alice');
      await register('bob');
      expect(await store().users.bumpTokenVersion('ALICE')).toBe(1);
      const bumps = await Promise.all(
        Array.from({ length: 5 }, () => store().users.bumpTokenVersion('alice')),
      );
      expect([...bumps].sort()).toEqual([2, 3, 4, 5, 6]);
      await store().users.setPasswordHash('Alice', 'new-hash');
      expect(await store().users.findByName('alice')).toMatchObject({
        tokenVersion: 7,
        passwordHash: 'new-hash',
      });
      // Nobody else's tokens are touched.
      expect((await store().users.findByName('bob'))!.tokenVersion).toBe(0);
      expect((await store().users.findManyByNames(['alice']))[0].tokenVersion).toBe(7);
    });

    it('sets and clears a ban and a mute independently', async () => {
      await register('alice');
      const ban = restriction('root', new Date('2026-12-01T00:00:00.000Z'), 'spam');
      const mute = restriction('moderator', null, null);

      await store().users.setBan('alice', ban);
      await store().users.setMute('ALICE', mute);
      expect(await store().users.findByName('alice')).toMatchObject({ ban, mute });

      await store().users.setBan('alice', null);
      expect(await store().users.findByName('alice')).toMatchObject({ ban: null, mute });

      await store().users.setMute('alice', null);
      expect(await store().users.findByName('alice')).toMatchObject({ ban: null, mute: null });
    });

    it.each([
      ['setRole', (s: Store) => s.users.setRole('ghost', 'admin')],
      ['setBan', (s: Store) => s.users.setBan('ghost', null)],
      ['setMute', (s: Store) => s.users.setMute('ghost', null)],
      ['setPasswordHash', (s: Store) => s.users.setPasswordHash('ghost', 'x')],
      ['bumpTokenVersion', (s: Store) => s.users.bumpTokenVersion('ghost')],
      ['touchLastSeen', (s: Store) => s.users.touchLastSeen('ghost', new Date())],
    ])('%s on an unknown user fails with NO_SUCH_USER', async (_method, call) => {
      await expect(call(store())).rejects.toMatchObject({ code: 'NO_SUCH_USER' });
    });

    it('counts users', async () => {
      expect(await store().users.count()).toBe(0);
      await register('alice');
      await register('bob', 'admin');
      expect(await store().users.count()).toBe(2);
    });
  });
}

function describeMessages(store: () => Store): void {
  describe('messages', () => {
    const append = (message: NewMessage) => store().messages.append(message);

    it('stores every field and gives a positive seq', async () => {
      const input = newMessage('alice', ['bob', 'carol'], { file: fileInfo('f1'), text: 'see this' });
      const stored = await append(input);
      expect(stored).toEqual({ ...input, seq: stored.seq });
      expect(stored.seq).toBeGreaterThan(0);

      const [read] = await store().messages.visibleSince('carol', 0, 10);
      expect(read).toEqual(stored);
      expect(read.ts).toBeInstanceOf(Date);
    });

    it('round-trips messages to all, to one and to several, with and without text or file', async () => {
      const inputs = [
        newMessage('alice', '*'),
        newMessage('alice', 'bob', { text: null, file: fileInfo('f2') }),
        newMessage('bob', ['alice', 'carol'], { text: 'ünïcödé ✓ "quoted"\nnew line' }),
      ];
      const stored = [];
      for (const input of inputs) stored.push(await append(input));
      expect(await store().messages.visibleSince('alice', 0, 10)).toEqual(stored);
    });

    it('round-trips a media file’s description and a call’s outcome', async () => {
      const voice = {
        ...fileInfo('f3'),
        media: { kind: 'voice' as const, durationMs: 2100, waveform: [0, 128, 255] },
      };
      const inputs = [
        newMessage('alice', 'bob', { text: null, file: voice }),
        newMessage('alice', ['bob', 'carol'], {
          text: null,
          call: { callId: 'c1', media: 'video', outcome: 'answered', durationMs: 192_000 },
        }),
      ];
      const stored = [];
      for (const input of inputs) stored.push(await append(input));
      expect(await store().messages.visibleSince('bob', 0, 10)).toEqual(stored);
      expect(stored[1].call).toEqual({
        callId: 'c1',
        media: 'video',
        outcome: 'answered',
        durationMs: 192_000,
      });
      expect(await store().messages.history(inputs[1].conversation, undefined, 10)).toEqual([stored[1]]);
    });

    it('gives strictly increasing seqs to appends one after another', async () => {
      const got: number[] = [];
      for (let i = 0; i < 50; i++) got.push((await append(newMessage('alice', '*'))).seq);
      for (let i = 1; i < got.length; i++) expect(got[i]).toBeGreaterThan(got[i - 1]);
    });

    it('resolves concurrent appends in seq order, which is the order of the calls', async () => {
      await append(newMessage('alice', '*'));
      const resolved: number[] = [];
      const calls = Array.from({ length: 100 }, (_, i) =>
        append(newMessage(i % 2 ? 'alice' : 'bob', i % 3 ? '*' : 'carol')).then((m) => {
          resolved.push(m.seq);
          return m.seq;
        }),
      );
      const bySeq = await Promise.all(calls);

      expect(new Set(bySeq).size).toBe(100);
      expect(resolved).toEqual(bySeq);
      for (let i = 1; i < bySeq.length; i++) expect(bySeq[i]).toBeGreaterThan(bySeq[i - 1]);
      expect(await store().messages.latestSeq()).toBe(bySeq[99]);
    });

    it('reports the latest seq, 0 when empty', async () => {
      expect(await store().messages.latestSeq()).toBe(0);
      await append(newMessage('alice', '*'));
      const last = await append(newMessage('bob', 'alice'));
      expect(await store().messages.latestSeq()).toBe(last.seq);
    });

    it('gives every message and change in a seq range, whoever may see it, oldest first and bounded', async () => {
      const a = await append(newMessage('alice', '*'));
      const b = await append(newMessage('bob', 'alice'));
      const c = await append(newMessage('carol', 'dave'));
      const d = await append(newMessage('alice', '*'));

      expect(seqs(await store().messages.range(a.seq, d.seq, 10))).toEqual([b.seq, c.seq, d.seq]);
      expect(seqs(await store().messages.range(0, c.seq, 2))).toEqual([a.seq, b.seq]);
      expect(await store().messages.range(a.seq, c.seq, 10)).toEqual([b, c]);
      expect(await store().messages.range(d.seq, d.seq + 10, 10)).toEqual([]);
    });

    it('shows messages to all to everybody and the others only to their participants', async () => {
      const toAll = await append(newMessage('alice', '*'));
      const bobCarol = await append(newMessage('bob', 'carol'));
      const group = await append(newMessage('alice', ['bob', 'carol']));
      const carolAlice = await append(newMessage('carol', 'alice'));

      const visible = async (user: string) => seqs(await store().messages.visibleSince(user, 0, 100));
      expect(await visible('dave')).toEqual([toAll.seq]);
      expect(await visible('alice')).toEqual([toAll.seq, group.seq, carolAlice.seq]);
      expect(await visible('BOB')).toEqual([toAll.seq, bobCarol.seq, group.seq]);
      expect(await visible('carol')).toEqual([toAll.seq, bobCarol.seq, group.seq, carolAlice.seq]);
    });

    it('pages visible messages with after and limit, oldest first', async () => {
      const mine: number[] = [];
      for (let i = 0; i < 30; i++) {
        const m = await append(
          i % 3 === 0 ? newMessage('alice', '*') : newMessage('bob', i % 2 ? 'carol' : 'dave'),
        );
        if (i % 3 === 0 || i % 2 === 1) mine.push(m.seq);
      }
      const page1 = seqs(await store().messages.visibleSince('carol', 0, 7));
      const page2 = seqs(await store().messages.visibleSince('carol', page1[6], 7));
      const rest = seqs(await store().messages.visibleSince('carol', page2[6], 100));

      expect(page1).toEqual(mine.slice(0, 7));
      expect(page2).toEqual(mine.slice(7, 14));
      expect(rest).toEqual(mine.slice(14));
      expect(await store().messages.visibleSince('carol', mine[mine.length - 1], 10)).toEqual([]);
      expect(await store().messages.visibleSince('carol', 0, 0)).toEqual([]);
    });

    it('finds where a replay of the newest messages a user may see starts', async () => {
      const mine: number[] = [];
      for (let i = 0; i < 30; i++) {
        const m = await append(
          i % 3 === 0 ? newMessage('alice', '*') : newMessage('bob', i % 2 ? 'carol' : 'dave'),
        );
        if (i % 3 === 0 || i % 2 === 1) mine.push(m.seq);
      }
      const floor = await store().messages.replayFloor('Carol', 0, 5);
      expect(seqs(await store().messages.visibleSince('carol', floor, 100))).toEqual(mine.slice(-5));
      expect(floor).toBe(mine[mine.length - 6]);
      // No more than max: the replay starts where it was asked to.
      expect(await store().messages.replayFloor('carol', mine[mine.length - 6], 5)).toBe(
        mine[mine.length - 6],
      );
      expect(await store().messages.replayFloor('carol', 0, 100)).toBe(0);
      expect(await store().messages.replayFloor('carol', 0, 0)).toBe(mine[mine.length - 1]);
    });

    it('gives a conversation its newest messages before a seq, oldest first', async () => {
      const ours: number[] = [];
      for (let i = 0; i < 10; i++) {
        ours.push((await append(newMessage(i % 2 ? 'alice' : 'Bob', i % 2 ? 'Bob' : 'alice'))).seq);
        await append(newMessage('alice', 'carol'));
        await append(newMessage('bob', '*'));
      }
      const conversation = conversationKey('private', ['alice', 'bob']);
      const history = async (before: number | undefined, limit: number) =>
        seqs(await store().messages.history(conversation, before, limit));

      expect(await history(undefined, 3)).toEqual(ours.slice(7));
      expect(await history(ours[6], 3)).toEqual(ours.slice(3, 6));
      expect(await history(ours[2], 50)).toEqual(ours.slice(0, 2));
      expect(await history(undefined, 100)).toEqual(ours);
      expect(await history(ours[0], 10)).toEqual([]);
      expect((await store().messages.history('*', undefined, 100)).every((m) => m.kind === 'all')).toBe(true);
      expect(await store().messages.history('p:nobody,someone', undefined, 10)).toEqual([]);
    });

    it('gives the newest message of each conversation a user takes part in, newest first', async () => {
      await append(newMessage('alice', 'bob'));
      const toCarol = await append(newMessage('alice', 'carol', { file: fileInfo('f3'), text: null }));
      const bobCarol = await append(newMessage('bob', 'carol'));
      const group = await append(newMessage('carol', ['alice', 'bob']));
      await append(newMessage('alice', '*'));
      const fromBob = await append(newMessage('Bob', 'ALICE'));
      await append(newMessage('dave', '*'));

      const latest = (user: string, limit = 10) => store().messages.conversations(user, limit);
      expect(await latest('alice')).toEqual([fromBob, group, toCarol]);
      expect(seqs(await latest('BOB'))).toEqual([fromBob.seq, group.seq, bobCarol.seq]);
      expect(seqs(await latest('carol'))).toEqual([group.seq, bobCarol.seq, toCarol.seq]);
    });

    it('leaves the conversation with everyone out, and gives nothing to who has no other', async () => {
      await append(newMessage('alice', '*'));
      await append(newMessage('bob', 'carol'));
      expect(await store().messages.conversations('alice', 10)).toEqual([]);
      expect(await store().messages.conversations('nobody', 10)).toEqual([]);
    });

    it('gives at most limit conversations, the most recent ones', async () => {
      const last: number[] = [];
      for (const to of ['bob', 'carol', 'dave', 'bob', 'erin'])
        last.push((await append(newMessage('alice', to))).seq);
      const latest = async (limit: number) => seqs(await store().messages.conversations('alice', limit));

      expect(await latest(2)).toEqual([last[4], last[3]]);
      expect(await latest(100)).toEqual([last[4], last[3], last[2], last[1]]);
      expect(await latest(0)).toEqual([]);
    });

    it('lets only those who could see a message carrying a file see the file', async () => {
      await append(newMessage('alice', 'bob', { file: fileInfo('private-file') }));
      await append(newMessage('alice', ['bob', 'carol'], { file: fileInfo('group-file') }));
      await append(newMessage('dave', '*', { file: fileInfo('public-file') }));
      await append(newMessage('carol', 'dave', { text: 'no file here' }));

      const can = (user: string, fileId: string) => store().messages.canSeeFile(user, fileId);
      expect(await can('alice', 'private-file')).toBe(true);
      expect(await can('BOB', 'private-file')).toBe(true);
      expect(await can('carol', 'private-file')).toBe(false);
      expect(await can('carol', 'group-file')).toBe(true);
      expect(await can('dave', 'group-file')).toBe(false);
      expect(await can('erin', 'public-file')).toBe(true);
      expect(await can('alice', 'no-such-file')).toBe(false);
    });
  });
}

function describeRooms(store: () => Store): void {
  describe('rooms', () => {
    const rooms = () => store().rooms;
    const append = (message: NewMessage) => store().messages.append(message);
    const names = (items: { name: string }[]) => items.map((r) => r.name);

    it('creates a room with its owner as first member, and finds it by name and by id', async () => {
      const room = newRoom('#dev', 'Alice', { topic: 'Builds', private: true });
      expect(await rooms().create(room)).toEqual(room);

      expect(await rooms().findByName('#dev')).toEqual(room);
      expect(await rooms().findByName('#DEV')).toEqual(room);
      expect(await rooms().findById(room.id)).toEqual(room);
      expect(await rooms().findByName('#nope')).toBeNull();
      expect(await rooms().members(room.id)).toEqual(['Alice']);
      expect(await rooms().isMember(room.id, 'alice')).toBe(true);
      expect(await rooms().countOwned('ALICE')).toBe(1);
    });

    it('refuses a taken name with ROOM_EXISTS', async () => {
      await rooms().create(newRoom('#dev', 'alice'));
      const again = rooms().create(newRoom('#dev', 'bob'));
      await expect(again).rejects.toBeInstanceOf(ChatError);
      await expect(again).rejects.toMatchObject({ code: 'ROOM_EXISTS' });
      expect(await rooms().members((await rooms().findByName('#dev'))!.id)).toEqual(['alice']);
    });

    it('adds and removes members (once each, any case), keeping names as given, sorted without regard to case', async () => {
      const room = await rooms().create(newRoom('#dev', 'carol'));
      expect(await rooms().addMember(room.id, 'Bob')).toBe(true);
      expect(await rooms().addMember(room.id, 'BOB')).toBe(false);
      expect(await rooms().addMember(room.id, 'alice')).toBe(true);

      expect(await rooms().members(room.id)).toEqual(['alice', 'Bob', 'carol']);
      expect(await rooms().memberCount(room.id)).toBe(3);
      expect(await rooms().removeMember(room.id, 'bob')).toBe(true);
      expect(await rooms().removeMember(room.id, 'bob')).toBe(false);
      expect(await rooms().isMember(room.id, 'Bob')).toBe(false);
      expect(await rooms().memberCount(room.id)).toBe(2);
    });

    it('lists a user’s rooms by name, and every membership for the edge’s index', async () => {
      const dev = await rooms().create(newRoom('#dev', 'alice'));
      const ops = await rooms().create(newRoom('#ops', 'bob'));
      await rooms().create(newRoom('#art', 'carol'));
      await rooms().addMember(ops.id, 'Alice');
      await rooms().addMember(dev.id, 'bob');

      expect(names(await rooms().roomsOf('ALICE'))).toEqual(['#dev', '#ops']);
      expect(await rooms().roomsOf('nobody')).toEqual([]);
      const all = await rooms().allMemberships();
      expect(
        [...all].sort((a, b) => `${a.room}${a.username}`.localeCompare(`${b.room}${b.username}`)),
      ).toEqual([
        { room: '#art', username: 'carol' },
        { room: '#dev', username: 'alice' },
        { room: '#dev', username: 'bob' },
        { room: '#ops', username: 'Alice' },
        { room: '#ops', username: 'bob' },
      ]);
    });

    it('lists the public rooms and the user’s private ones with member counts, searchable by name or topic, paged', async () => {
      const dev = await rooms().create(newRoom('#dev', 'alice', { topic: 'Builds and Bugs' }));
      await rooms().create(newRoom('#secret', 'alice', { private: true }));
      const hers = await rooms().create(newRoom('#carols', 'carol', { private: true }));
      await rooms().create(newRoom('#art', 'bob', { topic: 'Drawing' }));
      await rooms().addMember(dev.id, 'bob');
      await rooms().addMember(hers.id, 'Bob');

      const bobs = await rooms().listVisible('BOB', {});
      expect(bobs.items.map((r) => [r.name, r.members])).toEqual([
        ['#art', 1],
        ['#carols', 2],
        ['#dev', 2],
      ]);
      expect(bobs.total).toBe(3);
      expect(names((await rooms().listVisible('dave', {})).items)).toEqual(['#art', '#dev']);
      expect(names((await rooms().listVisible('dave', { search: 'BUG' })).items)).toEqual(['#dev']);
      expect(names((await rooms().listVisible('dave', { search: 'ar' })).items)).toEqual(['#art']);
      expect(names((await rooms().listVisible('dave', { search: '%' })).items)).toEqual([]);
      const page = await rooms().listVisible('bob', { offset: 1, limit: 1 });
      expect([names(page.items), page.total]).toEqual([['#carols'], 3]);

      const all = await rooms().listAll({});
      expect(names(all.items)).toEqual(['#art', '#carols', '#dev', '#secret']);
      expect(all.total).toBe(4);
      expect(names((await rooms().listAll({ search: 'secr' })).items)).toEqual(['#secret']);
    });

    it('sets the topic', async () => {
      const room = await rooms().create(newRoom('#dev', 'alice'));
      await rooms().setTopic(room.id, 'Release on Friday');
      expect((await rooms().findByName('#dev'))!.topic).toBe('Release on Friday');
    });

    it('records invitations, dropped when the invited user joins', async () => {
      const room = await rooms().create(newRoom('#dev', 'alice', { private: true }));
      await rooms().invite(room.id, 'Bob', 'alice');
      await rooms().invite(room.id, 'bob', 'alice');

      expect(await rooms().isInvited(room.id, 'BOB')).toBe(true);
      expect(await rooms().isInvited(room.id, 'carol')).toBe(false);
      await rooms().addMember(room.id, 'bob');
      expect(await rooms().isInvited(room.id, 'bob')).toBe(false);
    });

    it('sets, replaces and lifts a ban, keeping one that has ended for the caller to judge', async () => {
      const room = await rooms().create(newRoom('#dev', 'alice'));
      const ended = restriction('alice', new Date('2026-11-22T11:00:00.000Z'), 'spam');
      await rooms().setBan(room.id, 'Bob', ended);
      expect(await rooms().banOf(room.id, 'bob')).toEqual(ended);
      const forever = restriction('root', null, null);
      await rooms().setBan(room.id, 'bob', forever);
      expect(await rooms().banOf(room.id, 'BOB')).toEqual(forever);
      expect(await rooms().banOf(room.id, 'carol')).toBeNull();
      await rooms().setBan(room.id, 'bob', null);
      expect(await rooms().banOf(room.id, 'bob')).toBeNull();
    });

    it('deletes a room with its members, invitations and bans; its name is free again and a new room starts empty', async () => {
      const old = await rooms().create(newRoom('#dev', 'alice'));
      await rooms().addMember(old.id, 'bob');
      await rooms().invite(old.id, 'carol', 'alice');
      await rooms().setBan(old.id, 'dave', restriction('alice', null, null));
      const said = await append(roomMessage('alice', old));

      expect(await rooms().delete(old.id)).toBe(true);
      expect(await rooms().delete(old.id)).toBe(false);
      expect(await rooms().findById(old.id)).toBeNull();
      expect(await rooms().roomsOf('bob')).toEqual([]);
      expect(await rooms().isInvited(old.id, 'carol')).toBe(false);
      expect(await rooms().banOf(old.id, 'dave')).toBeNull();
      expect(await rooms().countOwned('alice')).toBe(0);
      expect(seqs(await store().messages.visibleSince('bob', 0, 10))).not.toContain(said.seq);

      const again = await rooms().create(newRoom('#dev', 'bob'));
      expect(await store().messages.history(roomConversation(again.id), undefined, 10)).toEqual([]);
    });

    it('shows a room’s messages, all of its history, to its members now, and none of it once they leave', async () => {
      const room = await rooms().create(newRoom('#dev', 'alice'));
      const toAll = await append(newMessage('carol', '*'));
      const first = await append(roomMessage('alice', room, { text: 'before bob joined' }));
      const other = await append(newMessage('alice', 'carol'));
      await rooms().addMember(room.id, 'Bob');
      const second = await append(roomMessage('Bob', room));
      const visible = async (user: string, after = 0, limit = 100) =>
        seqs(await store().messages.visibleSince(user, after, limit));

      expect(first).toMatchObject({ kind: 'room', to: '#dev', participants: [] });
      expect(await visible('bob')).toEqual([toAll.seq, first.seq, second.seq]);
      expect(await visible('alice')).toEqual([toAll.seq, first.seq, other.seq, second.seq]);
      expect(await visible('carol')).toEqual([toAll.seq, other.seq]);
      expect(await visible('bob', first.seq, 1)).toEqual([second.seq]);
      expect(seqs(await store().messages.history(roomConversation(room.id), undefined, 10))).toEqual([
        first.seq,
        second.seq,
      ]);
      // A room is no private or group conversation of its members.
      expect(await store().messages.conversations('bob', 10)).toEqual([]);

      await rooms().removeMember(room.id, 'bob');
      expect(await visible('bob')).toEqual([toAll.seq]);
    });

    it('lets a room’s members see its files, and anyone while the room is public', async () => {
      const open = await rooms().create(newRoom('#open', 'alice'));
      const closed = await rooms().create(newRoom('#closed', 'alice', { private: true }));
      await append(roomMessage('alice', open, { file: fileInfo('open-file') }));
      await append(roomMessage('alice', closed, { file: fileInfo('closed-file') }));
      await rooms().addMember(closed.id, 'bob');
      const can = (user: string, fileId: string) => store().messages.canSeeFile(user, fileId);

      expect(await can('carol', 'open-file')).toBe(true);
      expect(await can('BOB', 'closed-file')).toBe(true);
      expect(await can('carol', 'closed-file')).toBe(false);
      await rooms().removeMember(closed.id, 'bob');
      expect(await can('bob', 'closed-file')).toBe(false);
    });
  });
}

function describeReadMarks(store: () => Store): void {
  describe('read marks', () => {
    const reads = () => store().reads;
    const append = (message: NewMessage) => store().messages.append(message);
    const sorted = (rows: { conversation: string; count: number }[]) =>
      [...rows].sort((a, b) => a.conversation.localeCompare(b.conversation));

    it('keeps a mark per user and conversation that only moves forward, in any case of the name', async () => {
      expect(await reads().markOf('alice', 'p:alice,bob')).toBeNull();
      expect(await reads().mark('Alice', 'p:alice,bob', 10)).toBe(10);
      expect(await reads().mark('alice', 'p:alice,bob', 7)).toBe(10);
      expect(await reads().mark('ALICE', 'p:alice,bob', 12)).toBe(12);
      expect(await reads().markOf('alice', 'p:alice,bob')).toBe(12);
      expect(await reads().markOf('bob', 'p:alice,bob')).toBeNull();
    });

    it('counts a private or group conversation from its mark, or whole without one; everyone and rooms only once marked', async () => {
      const room = await store().rooms.create(newRoom('#dev', 'carol'));
      await store().rooms.addMember(room.id, 'alice');
      const first = await append(newMessage('bob', 'alice'));
      await append(newMessage('bob', 'alice'));
      await append(newMessage('carol', ['alice', 'bob']));
      const toAll = await append(newMessage('carol', '*'));
      await append(roomMessage('carol', room));
      await append(roomMessage('carol', room));
      await append(newMessage('bob', 'carol'));
      const others = ['*', roomConversation(room.id)];

      expect(sorted(await reads().unread('alice', others, 999))).toEqual([
        { conversation: 'g:alice,bob,carol', count: 1 },
        { conversation: 'p:alice,bob', count: 2 },
      ]);
      await reads().mark('alice', 'p:alice,bob', first.seq);
      await reads().mark('alice', '*', toAll.seq - 1);
      await reads().mark('alice', roomConversation(room.id), toAll.seq);
      expect(sorted(await reads().unread('ALICE', others, 999))).toEqual([
        { conversation: '*', count: 1 },
        { conversation: 'g:alice,bob,carol', count: 1 },
        { conversation: 'p:alice,bob', count: 1 },
        { conversation: roomConversation(room.id), count: 2 },
      ]);
      expect(sorted(await reads().unread('alice', others, 1)).map((r) => r.count)).toEqual([1, 1, 1, 1]);
      expect(await reads().unread('dave', others, 999)).toEqual([]);
    });
  });
}

function describeFiles(store: () => Store): void {
  describe('files', () => {
    it('creates a file record and finds it by id', async () => {
      const record = { ...fileInfo('f_1'), owner: 'alice', createdAt: new Date('2026-11-22T10:00:00.123Z') };
      expect(await store().files.create(record)).toEqual(record);
      expect(await store().files.findById('f_1')).toEqual(record);
      expect(await store().files.findById('f_2')).toBeNull();
    });

    it("keeps a voice message's media, and a picture's media and its thumbnail's parent", async () => {
      const createdAt = new Date('2026-11-22T10:00:00.123Z');
      const voice = {
        ...fileInfo('f_v'),
        mime: 'audio/mp4',
        media: {
          kind: 'voice' as const,
          durationMs: 2040,
          waveform: Array.from({ length: 64 }, (_, i) => i * 4),
        },
        owner: 'alice',
        createdAt,
      };
      const thumb = { ...fileInfo('f_t'), owner: 'alice', createdAt, parentId: 'f_p' };
      const picture = {
        ...fileInfo('f_p'),
        media: { kind: 'image' as const, width: 1920, height: 1440, thumbId: 'f_t' },
        owner: 'alice',
        createdAt,
      };
      for (const record of [voice, thumb, picture]) {
        await store().files.create(record);
        expect(await store().files.findById(record.id)).toEqual(record);
      }
    });
  });
}

function describeAudit(store: () => Store): void {
  describe('audit', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 10, minute));

    it('adds an entry with an id and, when none is given, the current time', async () => {
      const before = Date.now();
      const entry = await store().audit.add({
        actor: 'root',
        action: 'announce',
        target: null,
        reason: null,
        details: { text: 'maintenance', nested: { a: [1, 2] } },
      });
      expect(typeof entry.id).toBe('string');
      expect(entry.at.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(entry.at.getTime()).toBeLessThanOrEqual(Date.now() + 1);
      const { items } = await store().audit.list({});
      expect(items).toEqual([entry]);
    });

    it('lists newest first, with paging and total', async () => {
      const added = [];
      for (const minute of [1, 3, 2, 5, 4]) {
        added.push(
          await store().audit.add({
            at: at(minute),
            actor: 'root',
            action: 'kick',
            target: 'bob',
            reason: null,
            details: {},
          }),
        );
      }
      const newestFirst = [...added].sort((a, b) => b.at.getTime() - a.at.getTime());

      expect(await store().audit.list({})).toEqual({ items: newestFirst, total: 5 });
      expect(await store().audit.list({ offset: 1, limit: 2 })).toEqual({
        items: newestFirst.slice(1, 3),
        total: 5,
      });
    });

    it('breaks ties of time by insertion, newest first', async () => {
      const same = at(7);
      const first = await store().audit.add({
        at: same,
        actor: 'a',
        action: 'x',
        target: null,
        reason: null,
        details: {},
      });
      const second = await store().audit.add({
        at: same,
        actor: 'a',
        action: 'y',
        target: null,
        reason: null,
        details: {},
      });
      expect((await store().audit.list({})).items.map((e) => e.id)).toEqual([second.id, first.id]);
    });

    it('filters by target and by actor, without regard to case', async () => {
      const ban = await store().audit.add({
        at: at(1),
        actor: 'Root',
        action: 'ban',
        target: 'Bob',
        reason: 'spam',
        details: { until: '2026-12-01T00:00:00.000Z' },
      });
      const mute = await store().audit.add({
        at: at(2),
        actor: 'mod',
        action: 'mute',
        target: 'bob',
        reason: null,
        details: {},
      });
      const kick = await store().audit.add({
        at: at(3),
        actor: 'root',
        action: 'kick',
        target: 'carol',
        reason: null,
        details: {},
      });

      expect(await store().audit.list({ target: 'BOB' })).toEqual({ items: [mute, ban], total: 2 });
      expect(await store().audit.list({ actor: 'root' })).toEqual({ items: [kick, ban], total: 2 });
      expect(await store().audit.list({ actor: 'root', target: 'bob', limit: 1 })).toEqual({
        items: [ban],
        total: 1,
      });
      expect(await store().audit.list({ target: 'nobody' })).toEqual({ items: [], total: 0 });
    });

    it('filters by action, exactly, alone or with target and actor, newest first and paged', async () => {
      const add = (minute: number, actor: string, action: string, target: string) =>
        store().audit.add({ at: at(minute), actor, action, target, reason: null, details: {} });
      const banBob = await add(1, 'root', 'ban', 'bob');
      await add(2, 'root', 'unban', 'bob');
      const banCarol = await add(3, 'mod', 'ban', 'carol');
      await add(4, 'root', 'mute', 'carol');
      const banAgain = await add(5, 'root', 'ban', 'Bob');

      expect(await store().audit.list({ action: 'ban' })).toEqual({
        items: [banAgain, banCarol, banBob],
        total: 3,
      });
      expect(await store().audit.list({ action: 'ban', offset: 1, limit: 1 })).toEqual({
        items: [banCarol],
        total: 3,
      });
      expect(await store().audit.list({ action: 'ban', target: 'bob' })).toEqual({
        items: [banAgain, banBob],
        total: 2,
      });
      expect(await store().audit.list({ action: 'ban', actor: 'mod', target: 'carol' })).toEqual({
        items: [banCarol],
        total: 1,
      });
      expect(await store().audit.list({ action: 'kick' })).toEqual({ items: [], total: 0 });
      // Actions are a fixed vocabulary, not names: no case folding.
      expect(await store().audit.list({ action: 'BAN' })).toEqual({ items: [], total: 0 });
    });
  });
}

function describeSnapshots(store: () => Store): void {
  describe('snapshots', () => {
    const snapshot = (id: string, owner: string, second: number): SnapshotRecord => ({
      id,
      owner,
      fileId: `f_${id}`,
      thumbId: `t_${id}`,
      name: `snapshot-${id}.png`,
      mime: 'image/png',
      size: 2048 + second,
      width: 1280,
      height: 720,
      createdAt: new Date(Date.UTC(2026, 11, 2, 9, 0, second, 123)),
    });

    it("lists the owner's snapshots newest first, paged, and counts them", async () => {
      const s = store().snapshots;
      for (const [id, owner, second] of [
        ['s1', 'Alice', 1],
        ['s2', 'bob', 2],
        ['s3', 'Alice', 3],
        ['s4', 'Alice', 2],
      ] as const) {
        expect(await s.create(snapshot(id, owner, second))).toEqual(snapshot(id, owner, second));
      }
      const page = await s.list('alice', {});
      expect(page.items.map((x) => x.id)).toEqual(['s3', 's4', 's1']);
      expect(page.items[0]).toEqual(snapshot('s3', 'Alice', 3));
      expect(page.total).toBe(3);
      expect((await s.list('ALICE', { offset: 1, limit: 1 })).items.map((x) => x.id)).toEqual(['s4']);
      expect(await s.list('alice', { limit: 0 })).toEqual({ items: [], total: 3 });
      expect(await s.count('alice')).toBe(3);
      expect(await s.count('bob')).toBe(1);
      expect(await s.count('carol')).toBe(0);
    });

    it('orders snapshots of the same millisecond by when they were stored', async () => {
      const s = store().snapshots;
      for (const id of ['a', 'b', 'c']) await s.create(snapshot(`s${id}`, 'alice', 5));
      expect((await s.list('alice', {})).items.map((x) => x.id)).toEqual(['sc', 'sb', 'sa']);
    });

    it("finds and deletes only the owner's snapshot", async () => {
      const s = store().snapshots;
      await s.create(snapshot('s1', 'alice', 1));
      expect(await s.find('bob', 's1')).toBeNull();
      expect(await s.delete('bob', 's1')).toBe(false);
      expect(await s.find('Alice', 's1')).toEqual(snapshot('s1', 'alice', 1));
      expect(await s.delete('ALICE', 's1')).toBe(true);
      expect(await s.delete('alice', 's1')).toBe(false);
      expect(await s.find('alice', 's1')).toBeNull();
      expect(await s.count('alice')).toBe(0);
    });
  });
}

function describeMusic(store: () => Store): void {
  describe('music tracks', () => {
    const track = (id: string, fileId: string, minute: number): MusicTrackRecord => ({
      id,
      title: `Track ${id}`,
      fileId,
      durationMs: 61_250,
      mime: 'audio/mp4',
      addedBy: 'root',
      addedAt: new Date(Date.UTC(2026, 10, 22, 10, minute, 0, 123)),
    });

    it('adds tracks and lists them oldest first', async () => {
      const [a, b, c] = [track('t_a', 'f_a', 2), track('t_b', 'f_b', 1), track('t_c', 'f_c', 3)];
      for (const t of [a, b, c]) expect(await store().music.add(t)).toEqual(t);
      expect(await store().music.list()).toEqual([b, a, c]);
      expect(await store().music.findById('t_a')).toEqual(a);
      expect(await store().music.findById('t_x')).toBeNull();
    });

    it('tells whether a file is a track, until the track is removed', async () => {
      await store().music.add(track('t_a', 'f_a', 1));
      expect(await store().music.hasFile('f_a')).toBe(true);
      expect(await store().music.hasFile('f_other')).toBe(false);

      expect(await store().music.remove('t_a')).toBe(true);
      expect(await store().music.remove('t_a')).toBe(false);
      expect(await store().music.hasFile('f_a')).toBe(false);
      expect(await store().music.list()).toEqual([]);
    });
  });
}

function describeScores(store: () => Store): void {
  describe('scores', () => {
    const at = (second: number) => new Date(Date.UTC(2026, 11, 2, 9, 0, second));
    const post = (username: string, score: number, second: number) =>
      store().scores.add({ game: 'snake', username, score, at: at(second) });
    const board = async (limit = 10) =>
      (await store().scores.top('snake', limit)).map((s) => [
        s.rank,
        s.username,
        s.score,
        s.at.getUTCSeconds(),
      ]);

    it('adds a score with an id and, when none is given, the current time', async () => {
      const before = Date.now();
      const entry = await store().scores.add({ game: 'snake', username: 'alice', score: 12 });
      expect(entry).toMatchObject({ game: 'snake', username: 'alice', score: 12 });
      expect(typeof entry.id).toBe('string');
      expect(entry.at.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(entry.at.getTime()).toBeLessThanOrEqual(Date.now() + 1);
    });

    it('ranks the best score of each player, highest first, at the first time it was reached', async () => {
      await post('alice', 5, 1);
      await post('bob', 9, 2);
      await post('alice', 11, 3);
      await post('carol', 0, 4);
      await post('alice', 11, 5);
      await post('bob', 3, 6);

      expect(await board()).toEqual([
        [1, 'alice', 11, 3],
        [2, 'bob', 9, 2],
        [3, 'carol', 0, 4],
      ]);
    });

    it('places equal bests by who reached them first, and by the order of posting at the same moment', async () => {
      await post('late', 7, 9);
      await post('early', 7, 2);
      await post('same2', 4, 5);
      await post('same1', 4, 5);

      expect((await board()).map(([, name]) => name)).toEqual(['early', 'late', 'same2', 'same1']);
    });

    it('gives at most `limit` players', async () => {
      for (let i = 0; i < 12; i++) await post(`p${i}`, i, i);

      const top = await board(10);

      expect(top).toHaveLength(10);
      expect(top[0]).toEqual([1, 'p11', 11, 11]);
      expect(top[9]).toEqual([10, 'p2', 2, 2]);
      expect(await board(0)).toEqual([]);
    });

    it("answers a player's best and rank, without regard to case, also below the top", async () => {
      for (let i = 0; i < 12; i++) await post(`p${i}`, 100 + i, i);
      await post('Dora', 3, 20);
      await post('Dora', 50, 21);
      await post('Dora', 50, 22);

      expect(await store().scores.best('snake', 'dora')).toEqual({
        rank: 13,
        username: 'Dora',
        score: 50,
        at: at(21),
      });
      expect(await store().scores.best('snake', 'p11')).toMatchObject({ rank: 1, score: 111 });
    });

    it('counts a player once, case aside, however many scores they posted', async () => {
      await post('Eve', 2, 1);
      await post('Eve', 8, 2);
      await post('Eve', 5, 3);

      expect(await board()).toEqual([[1, 'Eve', 8, 2]]);
      expect(await store().scores.best('snake', 'EVE')).toMatchObject({ rank: 1, score: 8 });
    });

    it('answers null for a player who never posted a score', async () => {
      await post('alice', 5, 1);

      expect(await store().scores.best('snake', 'bob')).toBeNull();
      expect(await store().scores.top('snake', 10)).toHaveLength(1);
    });
  });
}

let changeCounter = 0;

/** A change as the messages service builds it: a fresh id, now. */
function changeOf(
  target: StoredMessage,
  by: string,
  what: DistributiveOmit<MessageChange, 'msgId' | 'ts' | 'target' | 'by'>,
): MessageChange {
  return { msgId: `c-${++changeCounter}`, ts: new Date(), target, by, ...what } as MessageChange;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function describeMessageChanges(store: () => Store): void {
  describe('edits, deletions, reactions, replies', () => {
    const messages = () => store().messages;

    it('edits a message in place and stores the change with the next seq, for since but not for history or unread counts', async () => {
      const original = await messages().append(newMessage('alice', 'bob', { text: 'helo' }));
      const change = await messages().change(changeOf(original, 'alice', { action: 'edit', text: 'hello' }));
      expect(change).toMatchObject({
        seq: original.seq + 1,
        from: 'alice',
        to: 'bob',
        kind: 'private',
        conversation: original.conversation,
        text: 'hello',
        update: { action: 'edit', target: original.msgId, by: 'alice' },
      });
      expect(change!.edited).toBeInstanceOf(Date);

      const now = await messages().find(original.msgId);
      expect(now).toMatchObject({ seq: original.seq, text: 'hello' });
      expect(now!.edited).toBeInstanceOf(Date);
      expect(now!.update).toBeUndefined();

      expect(seqs(await messages().history(original.conversation, undefined, 50))).toEqual([original.seq]);
      expect((await messages().history(original.conversation, undefined, 50))[0].text).toBe('hello');
      const since = await messages().visibleSince('BOB', 0, 50);
      expect(since.map((m) => [m.seq, m.update?.action ?? 'message'])).toEqual([
        [original.seq, 'message'],
        [change!.seq, 'edit'],
      ]);
      expect(await messages().visibleSince('carol', 0, 50)).toEqual([]);
      expect(await store().reads.unread('bob', [], 999)).toEqual([
        { conversation: original.conversation, count: 1 },
      ]);
      const [latest] = await messages().conversations('bob', 10);
      expect(latest.seq).toBe(original.seq);
    });

    it('deletes a message: no text, no file, no reactions, and no further change', async () => {
      const original = await messages().append(newMessage('alice', '*', { file: fileInfo('f-del') }));
      await messages().change(changeOf(original, 'bob', { action: 'react', emoji: '👍', remove: false }));
      const change = await messages().change(changeOf(original, 'admin', { action: 'delete' }));
      expect(change).toMatchObject({ deleted: true, update: { action: 'delete', by: 'admin' } });
      const now = await messages().find(original.msgId);
      expect(now).toMatchObject({ deleted: true, text: null, file: null });
      expect(now!.reactions ?? []).toEqual([]);
      expect(await messages().canSeeFile('carol', 'f-del')).toBe(false);
      await expect(
        messages().change(changeOf(original, 'alice', { action: 'edit', text: 'again' })),
      ).rejects.toMatchObject({ code: 'NO_SUCH_MESSAGE' });
      const since = await messages().visibleSince('carol', original.seq - 1, 50);
      expect(since.map((m) => m.update?.action ?? 'message')).toEqual(['message', 'react', 'delete']);
    });

    it('keeps reactions per emoji in the order first given, once per user, within the bound', async () => {
      const original = await messages().append(newMessage('alice', ['bob', 'carol']));
      const react = (by: string, emoji: string, remove = false) =>
        messages().change(changeOf(original, by, { action: 'react', emoji, remove }));
      expect((await react('bob', '👍'))!.reactions).toEqual([{ emoji: '👍', users: ['bob'] }]);
      expect(await react('bob', '👍')).toBeNull();
      await react('carol', '🎉');
      const third = await react('Carol', '👍');
      expect(third!.reactions).toEqual([
        { emoji: '👍', users: ['bob', 'Carol'] },
        { emoji: '🎉', users: ['carol'] },
      ]);
      expect(await react('alice', '🎉', true)).toBeNull();
      expect((await react('carol', '🎉', true))!.reactions).toEqual([
        { emoji: '👍', users: ['bob', 'Carol'] },
      ]);
      expect((await messages().find(original.msgId))!.reactions).toEqual([
        { emoji: '👍', users: ['bob', 'Carol'] },
      ]);
      expect((await messages().history(original.conversation, undefined, 5))[0].reactions).toHaveLength(1);

      const many = await messages().append(newMessage('alice', '*'));
      const emoji = [...'😀😃😄😁😆😅😂🤣😊😇🙂🙃😉😌😍🥰😘😗😙😚'];
      for (const e of emoji)
        await messages().change(changeOf(many, 'bob', { action: 'react', emoji: e, remove: false }));
      await expect(
        messages().change(changeOf(many, 'bob', { action: 'react', emoji: '🤯', remove: false })),
      ).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
      expect(
        await messages().change(changeOf(many, 'carol', { action: 'react', emoji: '😀', remove: false })),
      ).not.toBeNull();
    });

    it('quotes the answered message as it is now, and a deleted one as deleted', async () => {
      const asked = await messages().append(newMessage('alice', '*', { text: 'x'.repeat(300) }));
      const file = await messages().append(newMessage('alice', '*', { text: null, file: fileInfo('f-q') }));
      const answer = await messages().append(
        newMessage('bob', '*', { text: 'yes', replyTo: asked.msgId, me: true }),
      );
      expect(answer).toMatchObject({
        me: true,
        replyTo: asked.msgId,
        reply: { msgId: asked.msgId, seq: asked.seq, from: 'alice' },
      });
      expect(answer.reply!.text).toHaveLength(200);
      const onFile = await messages().append(newMessage('bob', '*', { replyTo: file.msgId }));
      expect(onFile.reply).toEqual({ msgId: file.msgId, seq: file.seq, from: 'alice', file: 'f-q.png' });

      await messages().change(changeOf(asked, 'alice', { action: 'delete' }));
      const [again] = (await messages().history('*', undefined, 50)).filter((m) => m.msgId === answer.msgId);
      expect(again).toMatchObject({ me: true, reply: { msgId: asked.msgId, deleted: true } });
      expect(again.reply!.text).toBeUndefined();
    });

    it('keeps the receipts switch per user and every mark of a conversation', async () => {
      await store().users.create({ username: 'Receiver', passwordHash: 'h', role: 'user' });
      expect((await store().users.findByName('receiver'))!.receipts).toBe(true);
      await store().users.setReceipts('RECEIVER', false);
      expect((await store().users.findByName('receiver'))!.receipts).toBe(false);
      await store().users.setReceipts('receiver', true);
      expect((await store().users.findByName('receiver'))!.receipts).toBe(true);

      await store().reads.mark('Alice', 'g:alice,bob,carol', 5);
      await store().reads.mark('bob', 'g:alice,bob,carol', 7);
      await store().reads.mark('bob', 'p:alice,bob', 9);
      const marks = await store().reads.marksOf('g:alice,bob,carol');
      expect([...marks].sort((a, b) => a.seq - b.seq)).toEqual([
        { username: 'alice', seq: 5 },
        { username: 'bob', seq: 7 },
      ]);
    });
  });
}

function describeSearch(store: () => Store): void {
  describe('search', () => {
    const messages = () => store().messages;
    const found = async (
      user: string,
      words: string[],
      extra: Partial<Parameters<Store['messages']['search']>[1]> = {},
    ) => (await messages().search(user, { words, limit: 20, ...extra })).map((m) => m.text);

    it('finds messages with every word that the user may read, newest first, by their text now', async () => {
      const room = await store().rooms.create(newRoom('#ops', 'carol', { private: true }));
      await messages().append(newMessage('alice', '*', { text: 'The deploy went fine' }));
      await messages().append(newMessage('bob', 'alice', { text: 'deploy tonight?' }));
      await messages().append(newMessage('carol', ['alice', 'bob'], { text: 'Deploy plan for Friday' }));
      await messages().append(roomMessage('carol', room, { text: 'secret deploy keys' }));
      const typo = await messages().append(newMessage('alice', '*', { text: 'deplyo of the café' }));

      expect(await found('alice', ['deploy'])).toEqual([
        'Deploy plan for Friday',
        'deploy tonight?',
        'The deploy went fine',
      ]);
      expect(await found('dave', ['deploy'])).toEqual(['The deploy went fine']);
      expect(await found('carol', ['deploy'])).toEqual([
        'secret deploy keys',
        'Deploy plan for Friday',
        'The deploy went fine',
      ]);
      expect(await found('alice', ['deploy', 'friday'])).toEqual(['Deploy plan for Friday']);
      expect(await found('alice', ['deploy'], { from: 'bob' })).toEqual(['deploy tonight?']);
      expect(await found('alice', ['deploy'], { conversation: '*' })).toEqual(['The deploy went fine']);
      expect(await found('alice', ['cafe'])).toEqual(['deplyo of the café']);

      await messages().change({
        msgId: 'c-s1',
        ts: new Date(),
        target: typo,
        by: 'alice',
        action: 'edit',
        text: 'deploy of the café',
      });
      expect(await found('alice', ['deplyo'])).toEqual([]);
      expect(await found('alice', ['deploy'], { conversation: '*' })).toEqual([
        'deploy of the café',
        'The deploy went fine',
      ]);
      const edited = await messages().find(typo.msgId);
      expect(await found('alice', ['deploy'], { conversation: '*', before: edited!.seq })).toEqual([
        'The deploy went fine',
      ]);

      await messages().change({
        msgId: 'c-s2',
        ts: new Date(),
        target: edited!,
        by: 'alice',
        action: 'delete',
      });
      expect(await found('alice', ['cafe'])).toEqual([]);
      expect(await found('alice', ['deploy'], { limit: 1 })).toEqual(['Deploy plan for Friday']);
    });
  });
}

function describeAccountCare(store: () => Store): void {
  describe("account care: sessions, deleted accounts, a user's files", () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 10, minute));
    const session = (id: string, username: string, minute: number) => ({
      id,
      username,
      createdAt: at(minute),
      lastSeen: at(minute),
      transport: 'tcp',
      userAgent: null,
      address: '127.0.0.1',
    });

    it("keeps sessions by id, lists a user's most recently seen first in any case, touches and ends them", async () => {
      const sessions = store().sessions;
      const web = { ...session('s-web', 'Alice', 1), transport: 'http', userAgent: 'Firefox/140' };
      expect(await sessions.create(web)).toEqual(web);
      await sessions.create(session('s-cli', 'Alice', 2));
      await sessions.create(session('s-bob', 'bob', 3));
      expect(await sessions.find('s-web')).toEqual(web);
      expect(await sessions.find('s-none')).toBeNull();
      expect((await sessions.listOf('alice')).map((s) => s.id)).toEqual(['s-cli', 's-web']);

      await sessions.touch('s-web', at(5));
      expect((await sessions.find('s-web'))?.lastSeen).toEqual(at(5));
      expect((await sessions.listOf('ALICE')).map((s) => s.id)).toEqual(['s-web', 's-cli']);

      expect(await sessions.remove('s-cli')).toBe(true);
      expect(await sessions.remove('s-cli')).toBe(false);
      expect((await sessions.listOf('alice')).map((s) => s.id)).toEqual(['s-web']);
    });

    it('ends every session of a user but the one kept, and answers which', async () => {
      const sessions = store().sessions;
      for (const [id, minute] of [
        ['a1', 1],
        ['a2', 2],
        ['a3', 3],
      ] as const) {
        await sessions.create(session(id, 'alice', minute));
      }
      await sessions.create(session('b1', 'bob', 4));
      expect((await sessions.removeAllOf('ALICE', 'a2')).sort()).toEqual(['a1', 'a3']);
      expect((await sessions.listOf('alice')).map((s) => s.id)).toEqual(['a2']);
      expect(await sessions.removeAllOf('alice')).toEqual(['a2']);
      expect(await sessions.listOf('alice')).toEqual([]);
      expect((await sessions.listOf('bob')).map((s) => s.id)).toEqual(['b1']);
    });

    it('turns a deleted account into a tombstone no look-up finds, whose name stays taken', async () => {
      const users = store().users;
      await users.create({ username: 'Alice', passwordHash: 'h', role: 'admin' });
      await users.create({ username: 'bob', passwordHash: 'h', role: 'admin' });
      expect(await users.countAdmins()).toBe(2);

      await users.markDeleted('alice', at(1));
      expect(await users.findByName('alice')).toBeNull();
      expect(await users.findManyByNames(['alice', 'bob'])).toMatchObject([{ username: 'bob' }]);
      expect((await users.list({})).items.map((u) => u.username)).toEqual(['bob']);
      expect(await users.count()).toBe(1);
      expect(await users.countAdmins()).toBe(1);
      // Its name is reserved: taken for a new account, and found as a look-alike.
      await expect(
        users.create({ username: 'ALICE', passwordHash: 'h', role: 'user' }),
      ).rejects.toMatchObject({
        code: 'USER_EXISTS',
      });
      expect(await users.findBySkeleton(nameSkeleton('Alice'))).toMatchObject({
        username: 'Alice',
        role: 'user',
        passwordHash: '',
        deletedAt: at(1),
      });
      for (const act of [
        () => users.markDeleted('alice', at(2)),
        () => users.setRole('alice', 'admin'),
        () => users.setPasswordHash('alice', 'new'),
        () => users.bumpTokenVersion('alice'),
      ]) {
        await expect(act()).rejects.toMatchObject({ code: 'NO_SUCH_USER' });
      }
    });

    it("shows a deleted account's messages and changes as sent by the deleted user", async () => {
      const messages = store().messages;
      const mine = await messages.append(newMessage('Alice', 'bob', { text: 'hi bob' }));
      const theirs = await messages.append(newMessage('bob', '*', { text: 'hello all' }));
      await messages.change({
        msgId: 'c-1',
        ts: new Date(),
        target: theirs,
        by: 'alice',
        action: 'react',
        emoji: '👍',
        remove: false,
      });
      await messages.change({
        msgId: 'c-2',
        ts: new Date(),
        target: mine,
        by: 'Alice',
        action: 'edit',
        text: 'hi Bob',
      });

      expect(await messages.eraseSender('alice')).toBeGreaterThanOrEqual(3);
      expect(await messages.find(mine.msgId)).toMatchObject({ from: DELETED_USER, text: 'hi Bob' });
      expect(await messages.find(theirs.msgId)).toMatchObject({ from: 'bob' });
      const seen = await messages.visibleSince('bob', 0, 10);
      expect(seen.map((m) => m.update?.by ?? m.from)).toEqual([
        'deleted user',
        'bob',
        'deleted user',
        'deleted user',
      ]);
      expect(await messages.eraseSender('alice')).toBe(0);
    });

    it("lists a user's files, tells which a message carries, and removes records with the contents left without one", async () => {
      const files = store().files;
      const file = (id: string, owner: string, sha: string, minute: number) => ({
        ...fileInfo(id),
        sha256: sha.repeat(64),
        owner,
        createdAt: at(minute),
      });
      await files.create(file('f-a1', 'Alice', 'a', 1));
      await files.create(file('f-a2', 'alice', 'b', 2));
      await files.create(file('f-a3', 'alice', 'c', 3));
      await files.create(file('f-b1', 'bob', 'b', 4));
      expect((await files.listOwnedBy('ALICE')).map((f) => f.id)).toEqual(['f-a1', 'f-a2', 'f-a3']);

      await store().messages.append(newMessage('alice', 'bob', { file: fileInfo('f-a1') }));
      expect([...(await store().messages.carriedFiles(['f-a1', 'f-a2', 'f-none']))]).toEqual(['f-a1']);
      expect(await store().messages.carriedFiles([])).toEqual(new Set());

      // b's content is bob's too: only c's is left without a record.
      expect(await files.remove(['f-a2', 'f-a3', 'f-none'])).toEqual(['c'.repeat(64)]);
      expect(await files.findById('f-a2')).toBeNull();
      expect((await files.listOwnedBy('alice')).map((f) => f.id)).toEqual(['f-a1']);
      expect(await files.remove([])).toEqual([]);
    });
  });
}
