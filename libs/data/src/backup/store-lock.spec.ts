import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { SqliteStore } from '../sqlite/sqlite.store';
import { BackupError } from './backup-error';
import { lockStore } from './store-lock';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chat-lock-'));
  dirs.push(dir);
  return dir;
}

/** A blob store's temp folder as another process keeps it: named by its pid, its mtime the lease. */
async function lease(dataDir: string, pid: number, ageMs: number): Promise<void> {
  const dir = join(dataDir, 'files', 'tmp', `${pid}-0a1b2c3d4e5f`);
  await mkdir(dir, { recursive: true });
  const at = new Date(Date.now() - ageMs);
  await utimes(dir, at, at);
}

function inUse(dataDir: string): string | null {
  try {
    lockStore(dataDir).release();
    return null;
  } catch (err) {
    if (err instanceof BackupError && err.code === 'STORE_IN_USE') return err.message;
    throw err;
  }
}

describe(lockStore.name, () => {
  it('is refused while a connection has the store open, and taken once it is closed', async () => {
    const dataDir = await tempDir();
    const store = SqliteStore.open(dataDir);
    expect(inUse(dataDir)).toContain('is in use');
    await store.close();
    expect(inUse(dataDir)).toBeNull();
  });

  it('holds the store until released: the system cannot open it meanwhile', async () => {
    const dataDir = await tempDir();
    await SqliteStore.open(dataDir).close();
    const sut = lockStore(dataDir);
    expect(() => SqliteStore.open(dataDir, { busyTimeoutMs: 50 })).toThrow(
      /cannot be opened \(database is locked\)/,
    );
    sut.release();
    await SqliteStore.open(dataDir).close();
  });

  it.each([
    ['a live process with a fresh lease', process.ppid, 1_000, true],
    ['a live process whose lease lapsed', process.ppid, 120_000, false],
    ['a process that is gone', 2 ** 22 + 12345, 1_000, false],
  ])('for a store too damaged to lock, counts %s as running: %s', async (_case, pid, ageMs, running) => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, 'chat.db'), 'not a database at all');
    await lease(dataDir, pid, ageMs);
    const message = inUse(dataDir);
    if (running) expect(message).toContain(`process ${pid} is running on ${dataDir}`);
    else expect(message).toBeNull();
  });
});
