import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { BlobStore, openSqliteStore, Store } from '@chat/data';
import { MAX_UPLOADS_PER_USER } from '@chat/protocol';

import { loadConfig } from '../config/app-config';
import { MediaService } from '../media/media.service';
import { ffmpeg, toneSource } from '../media/testing/media-fixtures';
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
    vi.restoreAllMocks();
    await store.close();
    await blobs.close();
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

    it('refuses a type that is not a media type before reading a byte, and stores nothing', async () => {
      const source = chunked(Buffer.from('hello'));
      await expect(
        sut.storeStream('alice', { name: 'a.txt', mime: 'text/plain\r\nX-Injected: 1' }, source),
      ).rejects.toMatchObject({ code: 'INVALID', details: { field: 'mime' } });
      expect(source.readableDidRead).toBe(false);
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

  describe('startUpload', () => {
    const offer = (data: Buffer) => ({ name: 'f.bin', size: data.length, sha256: sha(data) });

    it('lets a user have MAX_UPLOADS_PER_USER open, in any case of the name, then QUOTA_EXCEEDED with max', async () => {
      const data = randomBytes(100);
      const open = [];
      for (let i = 0; i < MAX_UPLOADS_PER_USER; i++)
        open.push(await sut.startUpload(i % 2 ? 'Alice' : 'alice', offer(data)));
      await expect(sut.startUpload('ALICE', offer(data))).rejects.toMatchObject({
        code: 'QUOTA_EXCEEDED',
        details: { max: MAX_UPLOADS_PER_USER },
      });
      // Someone else is not held back by alice.
      await (await sut.startUpload('bob', offer(data))).abort();
      expect(temps()).toHaveLength(MAX_UPLOADS_PER_USER);

      await open.pop()!.abort();
      const again = await sut.startUpload('alice', offer(data));
      await again.write(0, data);
      await again.finish();
      // A finished upload frees its place too; aborting twice frees one place only.
      await open[0].abort();
      await open[0].abort();
      expect(sut.openUploadsOf('alice')).toBe(MAX_UPLOADS_PER_USER - 2);
      for (const upload of open) await upload.abort();
      expect(sut.openUploadsOf('alice')).toBe(0);
      expect(temps()).toEqual([]);
    });

    it('a size or SHA-256 mismatch discards the upload: no temp file, its place free', async () => {
      const data = randomBytes(1_000);
      const upload = await sut.startUpload('alice', { ...offer(data), sha256: sha(Buffer.from('other')) });
      await upload.write(0, data);
      await expect(upload.finish()).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
      expect(temps()).toEqual([]);
      expect(sut.openUploadsOf('alice')).toBe(0);
    });

    it('a failure while storing (the disk full) leaves no temp file and frees its place', async () => {
      const data = randomBytes(1_000);
      const upload = await sut.startUpload('alice', offer(data));
      await upload.write(0, data);
      // A stand-in: a full disk cannot be made here. rename fails as it does on one.
      vi.spyOn(blobs, 'commit').mockRejectedValueOnce(
        Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC' }),
      );
      await expect(upload.finish()).rejects.toThrow(/ENOSPC/);
      expect(temps()).toEqual([]);
      expect(sut.openUploadsOf('alice')).toBe(0);
      expect(await blobs.exists(sha(data))).toBe(false);
    });
  });

  describe('storeBytes', () => {
    it('stores bytes content-addressed, with a parent that it is read through', async () => {
      const data = randomBytes(3_000);
      const parent = await sut.storeBytes('alice', { name: 'shot.png', mime: 'image/png' }, data);
      const child = await sut.storeBytes(
        'alice',
        { name: 'a/thumb.jpg', mime: 'image/jpeg', parentId: parent.id },
        data,
      );
      expect(parent).toMatchObject({ name: 'shot.png', size: 3_000, sha256: sha(data), owner: 'alice' });
      expect(parent.parentId).toBeUndefined();
      expect(await store.files.findById(child.id)).toMatchObject({ name: 'thumb.jpg', parentId: parent.id });
      expect(readdirSync(blobs.root).filter((n) => n === sha(data))).toHaveLength(1);
      expect(temps()).toEqual([]);
      await expect(sut.authorize('alice', child.id)).resolves.toMatchObject({ id: child.id });
      await expect(sut.authorize('bob', parent.id)).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
    });
  });

  describe('media (protocol.md §10)', () => {
    let media: FilesService;
    let wav: Buffer;
    let png: Buffer;

    beforeEach(async () => {
      const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(32), MEDIA_JOBS: '1' });
      const service = new MediaService(config);
      await service.onModuleInit(); // finds the machine's ffmpeg
      media = new FilesService(store, config, blobs, service);
      wav = await readFile(await ffmpeg(join(dataDir, 'tone.wav'), ...toneSource(1, 0.3)));
      png = await sharp({ create: { width: 800, height: 400, channels: 4, background: '#36c8' } })
        .png()
        .toBuffer();
    });

    it('a protocol upload with media voice stores the processed recording, not the upload', async () => {
      const upload = await media.startUpload('alice', {
        name: 'memo.wav',
        size: wav.length,
        sha256: sha(wav),
        media: 'voice',
      });
      await upload.write(0, wav);
      const file = await upload.finish();
      expect(file).toMatchObject({
        name: 'memo.m4a',
        mime: 'audio/mp4',
        owner: 'alice',
        media: { kind: 'voice' },
      });
      expect(file.sha256).not.toBe(sha(wav));
      expect(await blobs.exists(sha(wav))).toBe(false);
      expect(await store.files.findById(file.id)).toEqual(file);
      expect(temps()).toEqual([]);
    });

    it('a picture gets a thumbnail that names it as its parent, and is read through it', async () => {
      const file = await media.storeStream(
        'alice',
        { name: 'art.png', mime: 'image/png', media: 'image' },
        chunked(png),
      );
      expect(file).toMatchObject({
        name: 'art.jpg',
        mime: 'image/jpeg',
        media: { kind: 'image', width: 800, height: 400 },
      });
      const thumbId = file.media?.kind === 'image' ? file.media.thumbId : '';
      const thumb = await store.files.findById(thumbId);
      expect(thumb).toMatchObject({ parentId: file.id, mime: 'image/jpeg', owner: 'alice' });
      expect(await media.authorize('alice', thumbId)).toMatchObject({ id: thumbId });
      await expect(media.authorize('bob', thumbId)).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
      expect(temps()).toEqual([]);
    });

    it('a failed processing stores nothing and leaves no temporary file', async () => {
      const junk = randomBytes(20_000);
      await expect(
        media.storeStream('alice', { name: 'x.wav', media: 'voice' }, chunked(junk)),
      ).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA' });
      const upload = await media.startUpload('alice', {
        name: 'x.png',
        size: junk.length,
        sha256: sha(junk),
        media: 'image',
      });
      await upload.write(0, junk);
      await expect(upload.finish()).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA' });
      expect(readdirSync(blobs.root).filter((n) => n !== 'tmp')).toEqual([]);
      expect(temps()).toEqual([]);
    });

    it('a music track is stored as stereo AAC, without media, readable by all only while it is a track', async () => {
      const { file, durationMs } = await media.storeMusic('root', 'song.wav', chunked(wav));
      expect(file).toMatchObject({ name: 'song.m4a', mime: 'audio/mp4', owner: 'root' });
      expect(file.media).toBeUndefined();
      expect(durationMs).toBe(1600); // the whole input, its silence kept
      expect(await blobs.exists(sha(wav))).toBe(false);
      expect(temps()).toEqual([]);

      await expect(media.authorize('bob', file.id)).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
      const track = {
        id: 't_1',
        title: 'Song',
        fileId: file.id,
        durationMs,
        mime: file.mime,
        addedBy: 'root',
        addedAt: new Date(),
      };
      await store.music.add(track);
      expect(await media.authorize('bob', file.id)).toEqual(file);
      await store.music.remove('t_1');
      await expect(media.authorize('bob', file.id)).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
    });

    it('without ffmpeg, a media upload is refused before a byte is taken; plain files still go', async () => {
      // `sut` has a MediaService that never looked for ffmpeg: as on a machine without one.
      await expect(
        sut.startUpload('alice', { name: 'memo.wav', size: 10, sha256: 'a'.repeat(64), media: 'voice' }),
      ).rejects.toMatchObject({ code: 'MEDIA_UNAVAILABLE', message: expect.stringContaining('no ffmpeg') });
      await expect(sut.storeMusic('root', 'song.wav', chunked(wav))).rejects.toMatchObject({
        code: 'MEDIA_UNAVAILABLE',
        message: expect.stringContaining('Music tracks cannot be processed'),
      });
      expect(temps()).toEqual([]);
      expect(await sut.storeStream('alice', { name: 'notes.txt' }, chunked(Buffer.from('hi')))).toMatchObject(
        { size: 2 },
      );
    });
  });
});
