import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DynamicModule } from '@nestjs/common';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BlobStore } from './blobs';
import { DataModule, STORE } from './data.module';
import type { Store } from './repositories';
import { SqliteStore } from './sqlite/sqlite.store';

describe(DataModule.name, () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chat-data-module-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('provides the SQLite store and the blob store without MONGODB_URI, and closes the store on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DataModule.forRoot({ dataDir, sqliteDurability: 'full' })],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();

    const store = app.get<Store>(STORE);
    expect(store).toBeInstanceOf(SqliteStore);
    expect((store as SqliteStore).settings().durability).toBe('full');
    expect((store as SqliteStore).filename).toBe(join(dataDir, 'chat.db'));
    expect(app.get(BlobStore).root).toBe(join(dataDir, 'files'));
    expect(await store.ping()).toBe(true);

    await app.close();
    expect(await store.ping()).toBe(false);
  });

  it('with observe, times every store call and still answers as the SQLite store', async () => {
    const calls: string[] = [];
    const moduleRef = await Test.createTestingModule({
      imports: [DataModule.forRoot({ dataDir, observe: (operation) => calls.push(operation) })],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();

    const store = app.get<Store>(STORE);
    expect(store).toBeInstanceOf(SqliteStore);
    expect(store.kind).toBe('sqlite');
    expect(await store.users.count()).toBe(0);
    expect(await store.ping()).toBe(true);
    expect(calls).toEqual(['users.count', 'store.ping']);

    await app.close();
    expect(calls).toContain('store.close');
  });

  it('wires MongoDB through MongooseModule when a URI is given', () => {
    const definition = DataModule.forRoot({ dataDir, mongodbUri: 'mongodb://127.0.0.1:1/chat' });
    expect(definition.global).toBe(true);
    expect(definition.exports).toEqual([STORE, BlobStore]);
    const imported = (definition.imports as DynamicModule[]).map((m) => m.module);
    expect(imported.every((m) => m === MongooseModule)).toBe(true);
    expect(imported).toHaveLength(2);
    const providers = definition.providers as Array<{ provide: unknown; inject?: unknown[] }>;
    expect(providers.some((p) => p.inject?.includes(getConnectionToken()))).toBe(true);
  });
});
