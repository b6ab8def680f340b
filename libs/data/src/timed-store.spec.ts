import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import { ChatError } from '@chat/protocol';

import type { Store } from './repositories';
import { SqliteStore } from './sqlite/sqlite.store';
import { describeStoreContract } from './store.contract';
import { timedStore } from './timed-store';

const dirs: string[] = [];

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chat-timed-store-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

// The wrapped store keeps every promise of the interface: the whole contract runs on it.
describeStoreContract('SQLite, timed', async () => timedStore(SqliteStore.open(await freshDir()), () => {}));

describe(timedStore.name, () => {
  let observed: Array<{ operation: string; seconds: number }>;
  let sut: Store;

  beforeEach(async () => {
    observed = [];
    sut = timedStore(SqliteStore.open(await freshDir()), (operation, seconds) =>
      observed.push({ operation, seconds }),
    );
    return () => sut.close();
  });

  it('observes each repository call once, named repository.method, with its duration', async () => {
    await sut.users.create({ username: 'alice', passwordHash: 'x', role: 'user' });
    await sut.users.findByName('alice');
    await sut.messages.latestSeq();

    expect(observed.map((o) => o.operation)).toEqual([
      'users.create',
      'users.findByName',
      'messages.latestSeq',
    ]);
    for (const { seconds } of observed) {
      expect(seconds).toBeGreaterThanOrEqual(0);
      expect(seconds).toBeLessThan(60);
    }
  });

  it('observes a call that fails, and the caller still gets its error', async () => {
    await sut.users.create({ username: 'bob', passwordHash: 'x', role: 'user' });
    const again = sut.users.create({ username: 'BOB', passwordHash: 'y', role: 'user' });

    await expect(again).rejects.toThrow(ChatError);
    await expect(again).rejects.toMatchObject({ code: 'USER_EXISTS' });
    expect(observed.map((o) => o.operation)).toEqual(['users.create', 'users.create']);
  });

  it("times the store's own methods and keeps what is not a method", async () => {
    expect(sut.kind).toBe('sqlite');
    expect(sut).toBeInstanceOf(SqliteStore);
    expect(await sut.ping()).toBe(true);
    expect(await sut.verify()).toBeNull();

    expect(observed.map((o) => o.operation)).toEqual(['store.ping', 'store.verify']);
  });
});
