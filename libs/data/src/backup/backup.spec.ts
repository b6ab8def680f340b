import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import * as tar from 'tar';
import { afterAll, describe, expect, it } from 'vitest';

import { SqliteStore } from '../sqlite/sqlite.store';
import { newMessage } from '../store.contract';
import { backupDataDir } from './backup';
import { BackupError } from './backup-error';
import { restoreDataDir } from './restore';

const PRODUCT = { product: 'chat', version: '9.9.9', secretFile: 'jwt-secret' };
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chat-backup-'));
  dirs.push(dir);
  return dir;
}

/** A data directory as the system leaves it: a store with users and messages, a blob, a secret. */
async function dataDir(): Promise<{ dir: string; blob: Buffer; store: SqliteStore }> {
  const dir = await tempDir();
  const store = SqliteStore.open(dir);
  for (const name of ['alice', 'bob'])
    await store.users.create({ username: name, passwordHash: 'h', role: 'user' });
  for (let i = 0; i < 20; i++) await store.messages.append(newMessage('alice', '*', { text: `hello ${i}` }));
  const blob = randomBytes(50_000);
  await mkdir(join(dir, 'files'), { recursive: true });
  await writeFile(join(dir, 'files', sha(blob)), blob);
  await store.files.create({
    id: 'f1',
    name: 'a.bin',
    size: blob.length,
    sha256: sha(blob),
    mime: 'application/octet-stream',
    owner: 'alice',
    createdAt: new Date(),
  });
  await writeFile(join(dir, 'jwt-secret'), 'a-secret-of-at-least-thirty-two-characters', { mode: 0o600 });
  return { dir, blob, store };
}

/** The texts of the messages in a data directory's store, in seq order. */
function messageTexts(dir: string): string[] {
  const db = new Database(join(dir, 'chat.db'), { readonly: true });
  try {
    return db.prepare('SELECT text FROM messages ORDER BY seq').pluck().all() as string[];
  } finally {
    db.close();
  }
}

async function failure(promise: Promise<unknown>): Promise<BackupError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof BackupError)) throw new Error(`expected a BackupError, got ${String(err)}`);
  return err;
}

describe(backupDataDir.name, () => {
  it('backs up a store that is open, and restores it with its files and secret', async () => {
    const { dir, blob, store } = await dataDir();
    const out = await tempDir();
    const result = await backupDataDir({ ...PRODUCT, dataDir: dir, target: join(out, 'b.tar.gz') });
    expect(result.manifest).toMatchObject({
      product: 'chat',
      version: '9.9.9',
      store: 'sqlite',
      counts: { users: 2, messages: 20, files: 1, rooms: 0 },
    });
    expect(result.manifest.files.map((f) => f.path)).toEqual(['chat.db', 'jwt-secret', `files/${sha(blob)}`]);
    expect(result.missingBlobs).toEqual([]);
    expect((await stat(result.file)).mode & 0o777).toBe(0o600);
    // Nothing else is left beside the archive (no staging folder, no temp file).
    expect(await readdir(out)).toEqual(['b.tar.gz']);
    // The manifest is the first entry.
    const names: string[] = [];
    await tar.t({ file: result.file, onReadEntry: (e) => names.push(e.path) });
    expect(names[0]).toBe('manifest.json');
    await store.close();

    const target = await tempDir();
    const restored = await restoreDataDir({ ...PRODUCT, dataDir: target, archive: result.file });
    expect(restored.movedAside).toBeNull();
    expect(await readFile(join(target, 'files', sha(blob)))).toEqual(blob);
    expect(await readFile(join(target, 'jwt-secret'), 'utf8')).toBe(
      'a-secret-of-at-least-thirty-two-characters',
    );
    for (const path of ['chat.db', 'jwt-secret', `files/${sha(blob)}`]) {
      expect((await stat(join(target, path))).mode & 0o777).toBe(0o600);
    }
    const back = SqliteStore.open(target);
    expect(await back.users.findByName('bob')).toMatchObject({ username: 'bob' });
    await back.close();
    expect(messageTexts(target)).toEqual(Array.from({ length: 20 }, (_, i) => `hello ${i}`));
  });

  it('moves the data that was there aside, and leaves it whole when the archive is bad', async () => {
    const { dir, store } = await dataDir();
    const out = await tempDir();
    const { file } = await backupDataDir({ ...PRODUCT, dataDir: dir, target: join(out, 'b.tgz') });
    await store.messages.append(newMessage('alice', '*', { text: 'after the backup' }));
    await store.close();

    const bad = join(out, 'bad.tar.gz');
    await writeFile(bad, (await readFile(file)).subarray(0, 2000));
    expect((await failure(restoreDataDir({ ...PRODUCT, dataDir: dir, archive: bad }))).code).toBe(
      'BAD_ARCHIVE',
    );
    expect(
      (await readdir(dir)).filter((n) => n.startsWith('before-restore') || n.startsWith('.restore')),
    ).toEqual([]);

    const restored = await restoreDataDir({ ...PRODUCT, dataDir: dir, archive: file });
    expect(restored.movedAside).toMatch(/before-restore-/);
    expect(messageTexts(restored.movedAside!)).toHaveLength(21);
    expect(messageTexts(dir)).toHaveLength(20);
  });

  it('refuses to restore while the store is open', async () => {
    const { dir, store } = await dataDir();
    const out = await tempDir();
    const { file } = await backupDataDir({ ...PRODUCT, dataDir: dir, target: join(out, 'b.tar.gz') });
    const err = await failure(restoreDataDir({ ...PRODUCT, dataDir: dir, archive: file }));
    expect(err.code).toBe('STORE_IN_USE');
    expect(err.message).toContain('is in use');
    await store.close();
  });

  it.each([
    ['a name that is not an archive', 'b.zip', 'BAD_PATH', 'name the archive *.tar.gz or *.tgz'],
    ['a folder that does not exist', 'nowhere/b.tar.gz', 'BAD_PATH', 'is not a directory'],
    ['a folder in the way', 'dir.tar.gz', 'BAD_PATH', 'exists and is not a file'],
  ])('refuses to back up to %s', async (_case, name, code, message) => {
    const { dir, store } = await dataDir();
    const out = await tempDir();
    await mkdir(join(out, 'dir.tar.gz'));
    const err = await failure(backupDataDir({ ...PRODUCT, dataDir: dir, target: join(out, name) }));
    expect(err).toMatchObject({ code });
    expect(err.message).toContain(message);
    await store.close();
  });

  it('says there is nothing to back up without a store', async () => {
    const empty = await tempDir();
    const err = await failure(backupDataDir({ ...PRODUCT, dataDir: empty, target: join(empty, 'b.tar.gz') }));
    expect(err.code).toBe('NO_STORE');
    expect(existsSync(join(empty, 'b.tar.gz'))).toBe(false);
  });

  it('writes no archive from a damaged store', async () => {
    const { dir, store } = await dataDir();
    await store.close();
    // Page 2 onwards overwritten: the header still says SQLite, the b-trees are garbage.
    const db = join(dir, 'chat.db');
    const bytes = await readFile(db);
    randomBytes(bytes.length - 4096).copy(bytes, 4096);
    await writeFile(db, bytes);
    const err = await failure(backupDataDir({ ...PRODUCT, dataDir: dir, target: join(dir, 'b.tar.gz') }));
    expect(err.code).toBe('DAMAGED_STORE');
    expect(existsSync(join(dir, 'b.tar.gz'))).toBe(false);
  });
});

describe(restoreDataDir.name, () => {
  async function archive(): Promise<{ file: string; out: string }> {
    const { dir, store } = await dataDir();
    const out = await tempDir();
    const { file } = await backupDataDir({ ...PRODUCT, dataDir: dir, target: join(out, 'b.tar.gz') });
    await store.close();
    return { file, out };
  }

  /** Repacks the archive with `change` applied to its unpacked files. */
  async function altered(change: (dir: string) => Promise<void>): Promise<string> {
    const { file, out } = await archive();
    const dir = await tempDir();
    await tar.x({ file, cwd: dir });
    await change(dir);
    const names = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
      .sort((a, b) => (a === 'manifest.json' ? -1 : b === 'manifest.json' ? 1 : a.localeCompare(b)));
    const repacked = join(out, 'altered.tar.gz');
    await tar.c({ file: repacked, gzip: true, cwd: dir }, names);
    return repacked;
  }

  it.each([
    ['a file that is not there', async () => '/nonexistent/b.tar.gz', 'BAD_PATH', 'does not exist'],
    ['a folder', async () => tempDir(), 'BAD_PATH', 'is not a file'],
    [
      'a file that is not an archive',
      async () => {
        const f = join(await tempDir(), 'x.tar.gz');
        await writeFile(f, 'hello');
        return f;
      },
      'BAD_ARCHIVE',
      'is not a backup archive',
    ],
    [
      'an archive cut short',
      async () => {
        const { file } = await archive();
        await truncate(file, (await stat(file)).size - 100);
        return file;
      },
      'BAD_ARCHIVE',
      'damaged',
    ],
    [
      'an altered database',
      () =>
        altered(async (dir) => {
          const db = await readFile(join(dir, 'chat.db'));
          db[db.length - 1] ^= 0xff;
          await writeFile(join(dir, 'chat.db'), db);
        }),
      'CHECKSUM_MISMATCH',
      'chat.db does not match manifest.json',
    ],
    [
      'a missing blob',
      () =>
        altered(async (dir) => {
          await rm(join(dir, 'files'), { recursive: true });
        }),
      'CHECKSUM_MISMATCH',
      'but not in the archive',
    ],
    [
      'another product',
      () =>
        altered(async (dir) => {
          const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
          await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...m, product: 'other' }));
        }),
      'BAD_ARCHIVE',
      'is a backup of other, not of chat',
    ],
    [
      'a newer schema',
      () =>
        altered(async (dir) => {
          const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
          await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...m, schemaVersion: 999 }));
        }),
      'NEWER_SCHEMA',
      'upgrade first',
    ],
    [
      'a stray entry',
      () =>
        altered(async (dir) => {
          await writeFile(join(dir, 'evil.sh'), 'rm -rf /');
        }),
      'BAD_ARCHIVE',
      'holds entries no backup has: evil.sh',
    ],
  ])('refuses %s, leaving the data as it was', async (_case, make, code, message) => {
    const archivePath = await make();
    const { dir, store } = await dataDir();
    await store.close();
    const before = (await readdir(dir)).sort();
    const err = await failure(restoreDataDir({ ...PRODUCT, dataDir: dir, archive: archivePath }));
    expect(err).toMatchObject({ code });
    expect(err.message).toContain(message);
    expect((await readdir(dir)).sort()).toEqual(before);
  });
});
