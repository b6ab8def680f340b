import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BlobStore, openSqliteStore, Store } from '@chat/data';

import { loadConfig } from '../config/app-config';
import { MediaService } from '../media/media.service';
import { FilesService } from './files.service';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Chunks of `data`, as a network stream delivers them. */
function chunked(data: Buffer, size = 7_000): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

describe(FilesService.name, () => {
  let dataDir: string;
  let store: Store;
  let blobs: BlobStore;
  let sut: FilesService;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'files-service-'));
    // A real SQLite store and blob store in a temporary directory: nothing here needs a stand-in.
    store = await openSqliteStore(dataDir);
    blobs = await BlobStore.open(dataDir);
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(32), MAX_FILE_MB: '0.1' });
    sut = new FilesService(store, config, blobs, new MediaService(config));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const temps = (): string[] => readdirSync(blobs.tempDir);

  describe('storeStream', () => {
    it('stores a stream of unknown size, hashing it on the way, content-addressed', async () => {
      const data = randomBytes(80_000);
      const file = await sut.storeStream(
        'alice',
        { name: '../photo.jpg', mime: 'image/jpeg' },
        chunked(data),
      );
      expect(file).toMatchObject({
        name: 'photo.jpg',
        size: data.length,
        sha256: sha(data),
        mime: 'image/jpeg',
        owner: 'alice',
      });
      expect(await store.files.findById(file.id)).toMatchObject({ sha256: sha(data) });
      expect(await blobs.exists(sha(data))).toBe(true);
      expect(temps()).toEqual([]);
    });

    it('defaults the type, and stores an empty file', async () => {
      const file = await sut.storeStream('alice', { name: 'empty' }, Readable.from([]));
      expect(file).toMatchObject({ size: 0, sha256: sha(Buffer.alloc(0)), mime: 'application/octet-stream' });
    });

    it('refuses more than the file limit with FILE_TOO_LARGE and keeps nothing', async () => {
      const data = randomBytes(Math.floor(0.1 * 1024 * 1024) + 1);
      await expect(sut.storeStream('alice', { name: 'big' }, chunked(data))).rejects.toMatchObject({
        code: 'FILE_TOO_LARGE',
      });
      expect(temps()).toEqual([]);
      expect(await blobs.exists(sha(data))).toBe(false);
    });

    it('keeps nothing when the source fails midway (a dropped connection)', async () => {
      // Fails on the read after the first chunk: only once the service is consuming it, so the
      // error always has its listener (a timer could fire before, under load).
      let reads = 0;
      const source = new Readable({
        read(): void {
          if (reads++ === 0) this.push(randomBytes(10_000));
          else this.destroy(new Error('connection reset'));
        },
      });
      await expect(sut.storeStream('alice', { name: 'cut' }, source)).rejects.toThrow('connection reset');
      expect(temps()).toEqual([]);
    });

    it('stores the same bytes once, as two files', async () => {
      const data = randomBytes(1_000);
      const a = await sut.storeStream('alice', { name: 'a' }, chunked(data));
      const b = await sut.storeStream('bob', { name: 'b' }, chunked(data));
      expect(a.id).not.toBe(b.id);
      expect(readdirSync(blobs.root).filter((n) => n === sha(data))).toHaveLength(1);
    });
  });
});
