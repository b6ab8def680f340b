import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { loadConfig, MediaService } from '@chat/core';
import { BlobStore, SqliteStore } from '@chat/data';

import type { EdgeLiveGateway } from '../live/edge-live.gateway';
import { HealthService, LOW_DISK_BYTES } from './health.service';

const MiB = 1024 * 1024;

describe(HealthService.name, () => {
  let dataDir: string;
  let store: SqliteStore;
  let blobs: BlobStore;
  let sut: HealthService;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'chat-health-'));
    // A real SQLite file and blob store; the edge is the one stand-in (its control channel is a process of its own).
    store = SqliteStore.open(dataDir);
    blobs = await BlobStore.open(dataDir);
    sut = service();
  });
  function service(): HealthService {
    const edge = { status: async () => ({ connections: 0, online: 0 }) } as unknown as EdgeLiveGateway;
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(32) });
    return new HealthService(store, blobs, edge, new MediaService(config));
  }

  afterEach(async () => {
    vi.restoreAllMocks();
    await store.close();
    await blobs.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is ok with the store sound, the edge reachable and the disk space of the data directory enough', async () => {
    const health = await sut.check();
    expect(health).toMatchObject({
      status: 'ok',
      store: { kind: 'sqlite', reachable: true },
      disk: { path: join(dataDir, 'files'), low: false },
    });
    expect(health.reasons).toBeUndefined();
    expect(health.disk.freeBytes).toBeGreaterThan(0);
  });

  it.each([
    ['under 100 MiB free', 99 * MiB, 2_000 * MiB],
    ['under 1 % free', 900 * MiB, 100_000 * MiB],
  ])('is degraded, saying why, with %s', async (_, freeBytes, totalBytes) => {
    // A stand-in for a nearly full disk, which cannot be made here; the numbers are statfs's.
    vi.spyOn(blobs, 'diskSpace').mockResolvedValue({ path: blobs.root, freeBytes, totalBytes });
    const health = await sut.check();
    expect(health).toMatchObject({ status: 'degraded', disk: { low: true, freeBytes, totalBytes } });
    expect(health.reasons).toEqual([
      `Low disk space: ${Math.floor(freeBytes / MiB)} MiB free of ${Math.floor(totalBytes / MiB)} MiB in ${blobs.root}`,
    ]);
    expect(HealthService.httpStatus(health)).toBe(200);
  });

  it('counts free space of at least the threshold as enough', async () => {
    vi.spyOn(blobs, 'diskSpace').mockResolvedValue({
      path: blobs.root,
      freeBytes: LOW_DISK_BYTES,
      totalBytes: 50 * LOW_DISK_BYTES,
    });
    expect((await sut.check()).status).toBe('ok');
  });

  it('is down (503) when the database file has gone bad, naming it', async () => {
    // Everything in the file (a checkpoint at close), then garbage over it, as a failing disk leaves it.
    await store.close();
    store = SqliteStore.open(dataDir);
    sut = service();
    const file = join(dataDir, 'chat.db');
    writeFileSync(file, Buffer.alloc(statSync(file).size, 0x5a));
    const health = await sut.check();
    expect(health).toMatchObject({ status: 'down', store: { kind: 'sqlite' } });
    expect(health.store.error).toMatch(new RegExp(`^${file}: `));
    expect(health.reasons).toEqual([health.store.error]);
    expect(HealthService.httpStatus(health)).toBe(503);
  });
});
