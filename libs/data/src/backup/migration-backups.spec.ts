import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

import { MIGRATIONS } from '../sqlite/sqlite.schema';
import { SQLITE_FILE_NAME, SqliteStore } from '../sqlite/sqlite.store';
import { MIGRATION_BACKUPS_KEPT, pruneMigrationBackups } from './migration-backups';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chat-migration-'));
  dirs.push(dir);
  return dir;
}

/** A store file at an older schema version, with one user in it. */
function oldStore(dataDir: string, version: number): void {
  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  MIGRATIONS.slice(0, version).forEach((step) => db.exec(step));
  db.pragma(`user_version = ${version}`);
  db.prepare(
    `INSERT INTO users (username_lower, username, role, password_hash, created_at) VALUES ('alice', 'alice', 'user', 'h', 0)`,
  ).run();
  db.close();
}

describe('backups before a schema upgrade', () => {
  it('copies a store of an older schema to backups/ before upgrading it, 0600', async () => {
    const dataDir = await tempDir();
    oldStore(dataDir, 11);
    const sut = SqliteStore.open(dataDir);
    expect(sut.settings().schemaVersion).toBe(MIGRATIONS.length);
    await sut.close();

    const backups = await readdir(join(dataDir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^chat-schema11-[0-9TZ-]+\.db$/);
    const copy = new Database(join(dataDir, 'backups', backups[0]), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(11);
    expect(copy.prepare('SELECT username FROM users').pluck().all()).toEqual(['alice']);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();

    // Opened again at the current schema: nothing changes, so no copy.
    await SqliteStore.open(dataDir).close();
    expect(await readdir(join(dataDir, 'backups'))).toHaveLength(1);
  });

  it('takes none of a new store', async () => {
    const dataDir = await tempDir();
    await SqliteStore.open(dataDir).close();
    expect(existsSync(join(dataDir, 'backups'))).toBe(false);
  });

  it(`keeps the newest ${MIGRATION_BACKUPS_KEPT} copies, and files that are not copies`, async () => {
    const dir = await tempDir();
    const names = Array.from(
      { length: 8 },
      (_, i) => `chat-schema${i + 1}-2026-01-0${i + 1}T00-00-00-000Z.db`,
    );
    for (const [i, name] of names.entries()) {
      await writeFile(join(dir, name), '');
      const at = new Date(Date.UTC(2026, 0, i + 1));
      await utimes(join(dir, name), at, at);
    }
    await writeFile(join(dir, 'mine.tar.gz'), '');
    pruneMigrationBackups(dir);
    expect((await readdir(dir)).sort()).toEqual([...names.slice(3), 'mine.tar.gz'].sort());
  });
});
