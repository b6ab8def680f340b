import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { nameSkeleton } from '@chat/protocol';

import type { NewMessage } from '../repositories';
import { describeStoreContract, newMessage, newRoom, roomMessage } from '../store.contract';
import { StoreFileError } from '../store-file-error';
import { MIGRATIONS, SCHEMA_VERSION } from './sqlite.schema';
import { SQLITE_FILE_NAME, SqliteDurability, SqliteStore } from './sqlite.store';

const TESTING = resolve(__dirname, 'testing');
const REGISTER_TS = join(TESTING, 'register-ts.cjs');
const APPEND_CHILD = join(TESTING, 'append-child.ts');

/** The schema version before users had a name skeleton (the last one before edits and search, rooms). */
const BEFORE_NAME_SKELETONS = 11;

const dirs: string[] = [];

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chat-sqlite-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeStoreContract('SQLite', async () => SqliteStore.open(await freshDir()));

/** A child process running append-child.ts; `acked` fills with what it acknowledged. */
function startAppender(
  dataDir: string,
  durability: SqliteDurability,
  count: number,
  tag: string,
): {
  child: ChildProcess;
  acked: Array<{ seq: number; msgId: string }>;
  closed: Promise<NodeJS.Signals | null>;
} {
  const child = spawn(
    process.execPath,
    ['-r', REGISTER_TS, APPEND_CHILD, dataDir, durability, String(count), tag],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const acked: Array<{ seq: number; msgId: string }> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [seq, msgId] = line.split(' ');
    acked.push({ seq: Number(seq), msgId });
  });
  // 'close', not 'exit': it waits for stdout to be read to the end.
  const closed = new Promise<NodeJS.Signals | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) =>
      signal || code === 0 ? done(signal) : fail(new Error(`exit ${code}`)),
    );
  });
  return { child, acked, closed };
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** How often the writer changes along the seq order: more than once or twice means they interleaved. */
function turns(a: number[], b: number[]): number {
  const writers = [...a.map((seq) => ({ seq, by: 'a' })), ...b.map((seq) => ({ seq, by: 'b' }))];
  writers.sort((x, y) => x.seq - y.seq);
  return writers.filter((w, i) => i > 0 && w.by !== writers[i - 1].by).length;
}

function isStrictlyIncreasing(values: number[]): boolean {
  return values.every((value, i) => i === 0 || value > values[i - 1]);
}

describe(SqliteStore.name, () => {
  let sut: SqliteStore | undefined;

  afterEach(async () => {
    await sut?.close();
    sut = undefined;
  });

  it('creates the data directory and chat.db in WAL mode with the current schema', async () => {
    const dataDir = join(await freshDir(), 'nested', 'data');
    sut = SqliteStore.open(dataDir);
    expect(sut.filename).toBe(join(dataDir, SQLITE_FILE_NAME));
    expect(sut.settings()).toEqual({
      journalMode: 'wal',
      durability: 'normal',
      busyTimeoutMs: 5000,
      schemaVersion: SCHEMA_VERSION,
    });
  });

  it('uses synchronous=FULL and the busy timeout asked for', async () => {
    sut = SqliteStore.open(await freshDir(), { durability: 'full', busyTimeoutMs: 1234 });
    expect(sut.settings()).toMatchObject({ durability: 'full', busyTimeoutMs: 1234 });
  });

  it('opens an existing file again without migrating it twice, data intact', async () => {
    const dataDir = await freshDir();
    sut = SqliteStore.open(dataDir);
    await sut.users.create({ username: 'alice', passwordHash: 'h', role: 'user' });
    await sut.close();

    sut = SqliteStore.open(dataDir);
    expect(await sut.users.findByName('alice')).not.toBeNull();
  });

  it('brings a version 1 file up to date, its messages kept and known by conversation', async () => {
    const dataDir = await freshDir();
    const v1 = new Database(join(dataDir, SQLITE_FILE_NAME));
    v1.exec(MIGRATIONS[0]);
    v1.pragma('user_version = 1');
    // The rows as version 1 wrote them: participants without their conversation.
    const insertV1 = (m: NewMessage): number => {
      const { lastInsertRowid } = v1
        .prepare(
          `INSERT INTO messages (msg_id, ts, sender, recipient, kind, text, participants, conversation)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(m.msgId, m.ts.getTime(), m.from, JSON.stringify(m.to), m.kind, m.text, '[]', m.conversation);
      const seq = Number(lastInsertRowid);
      for (const name of m.participants) {
        v1.prepare('INSERT INTO message_participants (username_lower, seq) VALUES (?, ?)').run(
          name.toLowerCase(),
          seq,
        );
      }
      return seq;
    };
    const toBob = insertV1(newMessage('alice', 'bob'));
    const group = insertV1(newMessage('carol', ['alice', 'bob']));
    const toAll = insertV1(newMessage('bob', '*'));
    const fromBob = insertV1(newMessage('bob', 'alice'));
    v1.close();

    sut = SqliteStore.open(dataDir);
    expect(sut.settings().schemaVersion).toBe(SCHEMA_VERSION);
    const conversations = async (user: string) =>
      (await sut!.messages.conversations(user, 10)).map((m) => m.seq);
    expect(await conversations('alice')).toEqual([fromBob, group]);
    expect((await sut.messages.visibleSince('alice', 0, 10)).map((m) => m.seq)).toEqual([
      toBob,
      group,
      toAll,
      fromBob,
    ]);
    const toCarol = await sut.messages.append(newMessage('alice', 'carol'));
    expect(await conversations('carol')).toEqual([toCarol.seq, group]);
  });

  it('brings a version 2 file up to date: the audit log by action is read newest first from an index', async () => {
    const dataDir = await freshDir();
    const v2 = new Database(join(dataDir, SQLITE_FILE_NAME));
    MIGRATIONS.slice(0, 2).forEach((step) => v2.exec(step));
    v2.pragma('user_version = 2');
    v2.prepare(
      `INSERT INTO audit (at, actor, action, target, reason, details) VALUES (1, 'root', 'ban', 'bob', NULL, '{}')`,
    ).run();
    v2.close();

    sut = SqliteStore.open(dataDir);
    expect((await sut.audit.list({ action: 'ban' })).total).toBe(1);
    await sut.close();
    sut = undefined;

    const raw = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    const plan = raw
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM audit WHERE action = 'ban' ORDER BY at DESC, id DESC LIMIT 10`,
      )
      .all() as { detail: string }[];
    raw.close();
    expect(plan.map((step) => step.detail)).toEqual(['SEARCH audit USING INDEX audit_action_at (action=?)']);
  });

  it('brings a file from before edits and search up to date: its old messages found, edited and reacted to', async () => {
    const dataDir = await freshDir();
    const before = BEFORE_NAME_SKELETONS;
    const old = new Database(join(dataDir, SQLITE_FILE_NAME));
    MIGRATIONS.slice(0, before).forEach((step) => old.exec(step));
    old.pragma(`user_version = ${before}`);
    const m = newMessage('alice', '*', { text: 'the old café menu' });
    old
      .prepare(
        `INSERT INTO messages (msg_id, ts, sender, recipient, kind, text, participants, conversation)
         VALUES (?, ?, ?, '"*"', 'all', ?, '[]', '*')`,
      )
      .run(m.msgId, m.ts.getTime(), m.from, m.text);
    old
      .prepare(
        `INSERT INTO users (username_lower, username, role, password_hash, created_at)
      VALUES ('alice', 'alice', 'user', 'h', 0)`,
      )
      .run();
    old.close();

    sut = SqliteStore.open(dataDir);
    const [found] = await sut.messages.search('bob', { words: ['cafe'], limit: 5 });
    expect(found).toMatchObject({ msgId: m.msgId, text: 'the old café menu' });
    // Users from before token versions start at 0: their tokens stay valid until the first bump.
    expect(await sut.users.findByName('alice')).toMatchObject({ receipts: true, tokenVersion: 0 });
    await sut.messages.change({
      msgId: 'c1',
      ts: new Date(),
      target: found,
      by: 'alice',
      action: 'edit',
      text: 'the new menu',
    });
    expect(await sut.messages.search('bob', { words: ['cafe'], limit: 5 })).toEqual([]);
    expect((await sut.messages.search('bob', { words: ['new'], limit: 5 })).map((x) => x.msgId)).toEqual([
      m.msgId,
    ]);
  });

  it('brings a file from before rooms up to date: every message kept with its seq, no seq handed out twice, rooms working', async () => {
    const dataDir = await freshDir();
    const before = BEFORE_NAME_SKELETONS;
    const old = new Database(join(dataDir, SQLITE_FILE_NAME));
    MIGRATIONS.slice(0, before).forEach((step) => old.exec(step));
    old.pragma(`user_version = ${before}`);
    // Messages of every kind that schema knew, as its repository wrote them.
    const insertOld = (m: NewMessage): number => {
      const seq = Number(
        old
          .prepare(
            `INSERT INTO messages (msg_id, ts, sender, recipient, kind, text, file_id, file, call, participants, conversation)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            m.msgId,
            m.ts.getTime(),
            m.from,
            JSON.stringify(m.to),
            m.kind,
            m.text,
            m.file?.id ?? null,
            m.file ? JSON.stringify(m.file) : null,
            m.call ? JSON.stringify(m.call) : null,
            JSON.stringify(m.participants),
            m.conversation,
          ).lastInsertRowid,
      );
      for (const name of m.participants) {
        old
          .prepare('INSERT INTO message_participants (username_lower, seq, conversation) VALUES (?, ?, ?)')
          .run(name.toLowerCase(), seq, m.conversation);
      }
      return seq;
    };
    const file = { id: 'f1', name: 'a.png', size: 3, sha256: 'a'.repeat(64), mime: 'image/png' };
    const call = { callId: 'c1', media: 'audio' as const, outcome: 'answered' as const, durationMs: 1200 };
    const kept = [
      insertOld(newMessage('alice', 'bob')),
      insertOld(newMessage('carol', ['alice', 'bob'])),
      insertOld(newMessage('bob', '*', { file, text: null })),
      insertOld(newMessage('alice', 'bob', { call, text: null })),
    ];
    const removed = insertOld(newMessage('bob', '*'));
    old.prepare('DELETE FROM messages WHERE seq = ?').run(removed);
    old.close();

    sut = SqliteStore.open(dataDir);
    expect(sut.settings().schemaVersion).toBe(SCHEMA_VERSION);
    const alices = await sut.messages.visibleSince('alice', 0, 10);
    expect(alices.map((m) => m.seq)).toEqual(kept);
    expect(alices[2]).toMatchObject({ kind: 'all', file, text: null });
    expect(alices[3]).toMatchObject({ kind: 'private', call, participants: ['alice', 'bob'] });
    expect(await sut.messages.canSeeFile('dave', 'f1')).toBe(true);
    const next = await sut.messages.append(newMessage('alice', '*'));
    expect(next.seq).toBe(removed + 1);

    const room = await sut.rooms.create(newRoom('#dev', 'alice'));
    const inRoom = await sut.messages.append(roomMessage('alice', room));
    expect((await sut.messages.visibleSince('alice', next.seq, 10)).map((m) => m.seq)).toEqual([inRoom.seq]);
    await sut.close();
    sut = SqliteStore.open(dataDir);
    expect((await sut.messages.append(newMessage('bob', '*'))).seq).toBe(inRoom.seq + 1);
  });

  it('brings a file from before name skeletons up to date: its users found by a look-alike name', async () => {
    const dataDir = await freshDir();
    const old = new Database(join(dataDir, SQLITE_FILE_NAME));
    MIGRATIONS.slice(0, BEFORE_NAME_SKELETONS).forEach((step) => old.exec(step));
    old.pragma(`user_version = ${BEFORE_NAME_SKELETONS}`);
    const insert = old.prepare(`INSERT INTO users (username_lower, username, role, password_hash, created_at)
      VALUES (?, ?, 'user', 'h', 0)`);
    for (const name of ['Alice', 'bob']) insert.run(name.toLowerCase(), name);
    old.close();

    sut = SqliteStore.open(dataDir);
    expect((await sut.users.findBySkeleton(nameSkeleton('aIice')))?.username).toBe('Alice');
    expect((await sut.users.findBySkeleton(nameSkeleton('B0B')))?.username).toBe('bob');
  });

  it('refuses a file whose schema is newer than this build', async () => {
    const dataDir = await freshDir();
    await SqliteStore.open(dataDir).close();
    const raw = new Database(join(dataDir, SQLITE_FILE_NAME));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => SqliteStore.open(dataDir)).toThrow(/newer than this build/);
  });

  it('refuses a file that is not a database with a StoreFileError naming it and what to do', async () => {
    const dataDir = await freshDir();
    await writeFile(join(dataDir, SQLITE_FILE_NAME), randomBytes(20_000));
    const open = () => SqliteStore.open(dataDir, { verify: true });
    expect(open).toThrow(StoreFileError);
    expect(open).toThrow(
      new RegExp(
        `${join(dataDir, SQLITE_FILE_NAME)} is damaged or is not a SQLite database.*restore it from a backup, or move it aside`,
      ),
    );
  });

  it('with verify, refuses a database whose pages are damaged past its header (PRAGMA quick_check)', async () => {
    const dataDir = await freshDir();
    sut = SqliteStore.open(dataDir);
    for (let i = 0; i < 300; i++)
      await sut.messages.append(newMessage('alice', '*', { text: `message ${i} ${'x'.repeat(200)}` }));
    await sut.close();
    const file = join(dataDir, SQLITE_FILE_NAME);
    const raw = new Database(file);
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    const pages = raw.pragma('page_count', { simple: true }) as number;
    raw.close();
    // Garbage over the last pages (the messages'): the header and the schema are sound.
    const damaged = Math.floor(pages / 3);
    const handle = await open(file, 'r+');
    await handle.write(randomBytes(pageSize * damaged), 0, pageSize * damaged, pageSize * (pages - damaged));
    await handle.close();
    expect(() => SqliteStore.open(dataDir, { verify: true })).toThrow(StoreFileError);
    // Without the check it opens: the damage would show only at some later query.
    await SqliteStore.open(dataDir).close();
  });

  it('creates the database and its WAL files readable by their owner only, and makes an older file so', async () => {
    const dataDir = await freshDir();
    sut = SqliteStore.open(dataDir);
    await sut.messages.append(newMessage('alice', '*'));
    const file = join(dataDir, SQLITE_FILE_NAME);
    const modes = async () =>
      Promise.all(['', '-wal', '-shm'].map(async (ext) => (await stat(file + ext)).mode & 0o777));
    expect(await modes()).toEqual([0o600, 0o600, 0o600]);
    await sut.close();
    await chmod(file, 0o644);
    sut = SqliteStore.open(dataDir);
    await sut.messages.append(newMessage('alice', '*'));
    expect(await modes()).toEqual([0o600, 0o600, 0o600]);
  });

  it('verify finds nothing on a sound file, and names the file once it is damaged under the running store', async () => {
    const dataDir = await freshDir();
    sut = SqliteStore.open(dataDir);
    await sut.messages.append(newMessage('alice', '*'));
    expect(await sut.verify()).toBeNull();
    // Closed and opened again: everything is in the file (checkpointed), as on a server at rest.
    await sut.close();
    sut = SqliteStore.open(dataDir);
    expect(await sut.ping()).toBe(true);
    const file = join(dataDir, SQLITE_FILE_NAME);
    await writeFile(file, randomBytes((await stat(file)).size));
    expect(await sut.verify()).toMatch(new RegExp(`^${file}: `));
  });

  it('keeps seq increasing across close and reopen, even after the newest message is deleted', async () => {
    const dataDir = await freshDir();
    sut = SqliteStore.open(dataDir);
    for (let i = 0; i < 5; i++) await sut.messages.append(newMessage('alice', '*'));
    const newest = await sut.messages.latestSeq();
    await sut.close();

    const raw = new Database(join(dataDir, SQLITE_FILE_NAME));
    raw.prepare('DELETE FROM messages WHERE seq = ?').run(newest);
    raw.close();

    sut = SqliteStore.open(dataDir);
    expect(await sut.messages.latestSeq()).toBe(newest - 1);
    const next = await sut.messages.append(newMessage('alice', '*'));
    expect(next.seq).toBe(newest + 1);
  });

  describe.each<SqliteDurability>(['normal', 'full'])('with durability %s, under kill -9', (durability) => {
    it('loses no acknowledged message', async () => {
      const dataDir = await freshDir();
      const appender = startAppender(dataDir, durability, 0, 'k');
      await until(() => appender.acked.length >= 300);
      appender.child.kill('SIGKILL');
      expect(await appender.closed).toBe('SIGKILL');

      const raw = new Database(join(dataDir, SQLITE_FILE_NAME));
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();

      sut = SqliteStore.open(dataDir);
      const stored = new Map(
        (await sut.messages.visibleSince('alice', 0, 1_000_000)).map((m) => [m.seq, m.msgId] as const),
      );
      for (const { seq, msgId } of appender.acked) expect(stored.get(seq)).toBe(msgId);
      expect(isStrictlyIncreasing(appender.acked.map((a) => a.seq))).toBe(true);

      const after = await sut.messages.append(newMessage('alice', '*'));
      expect(after.seq).toBeGreaterThan(Math.max(...stored.keys()));
    });
  });

  it('shares the file with a second process writing and reading at the same time', async () => {
    const dataDir = await freshDir();
    sut = SqliteStore.open(dataDir);
    const appender = startAppender(dataDir, 'normal', 2000, 'child');
    let childDone = false;
    void appender.closed.finally(() => (childDone = true));
    await until(() => appender.acked.length > 0);

    const mine: number[] = [];
    const seen: number[] = [];
    let seenWhileChildWrote = 0;
    const readNewer = async () => {
      const page = await sut!.messages.visibleSince('alice', seen.at(-1) ?? 0, 10_000);
      seen.push(...page.map((m) => m.seq));
      if (!childDone) seenWhileChildWrote += page.filter((m) => m.msgId.startsWith('child-')).length;
    };
    // Write and read for as long as the child writes, yielding so that its output keeps coming.
    for (let i = 0; !childDone; i++) {
      mine.push((await sut.messages.append(newMessage('alice', i % 2 ? '*' : 'bob'))).seq);
      if (i % 10 === 0) {
        await readNewer();
        await new Promise((r) => setImmediate(r));
      }
    }
    await appender.closed;
    await readNewer();

    const theirs = appender.acked.map((a) => a.seq);
    expect(theirs).toHaveLength(2000);
    expect(isStrictlyIncreasing(mine)).toBe(true);
    expect(isStrictlyIncreasing(theirs)).toBe(true);
    expect(seenWhileChildWrote).toBeGreaterThan(0);
    expect(turns(mine, theirs)).toBeGreaterThan(2);
    // Read bit by bit while both wrote, yet nothing was skipped: commits become visible in seq order.
    expect(isStrictlyIncreasing(seen)).toBe(true);
    expect(seen).toEqual([...mine, ...theirs].sort((a, b) => a - b));
    expect(await sut.messages.latestSeq()).toBe(seen.at(-1));
  });
});
