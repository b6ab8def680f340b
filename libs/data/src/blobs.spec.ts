import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BlobStore, TempBlob } from './blobs';

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function upload(temp: TempBlob, data: Buffer, chunkSize = 1000): Promise<void> {
  for (let offset = 0; offset < data.length; offset += chunkSize) {
    await temp.write(data.subarray(offset, offset + chunkSize));
  }
}

describe(BlobStore.name, () => {
  let dataDir: string;
  let sut: BlobStore;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chat-blobs-'));
    sut = await BlobStore.open(dataDir);
  });

  afterEach(async () => {
    await sut.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const tempFiles = () => readdir(sut.tempDir);
  const mode = async (path: string) => (await stat(path)).mode & 0o777;

  it('stores bytes under their SHA-256 and reads them back, from an offset too', async () => {
    const data = randomBytes(100_000);
    const temp = await sut.createTemp();
    await upload(temp, data);
    const { size, sha256: hash } = await temp.finish();

    expect({ size, hash }).toEqual({ size: data.length, hash: sha256(data) });
    const path = await sut.commit(temp.path, hash);

    expect(path).toBe(join(dataDir, 'files', hash));
    expect(sut.path(hash)).toBe(path);
    expect(await sut.exists(hash)).toBe(true);
    expect(await readFile(path)).toEqual(data);
    expect(await readAll(sut.openRead(hash))).toEqual(data);
    expect(await readAll(sut.openRead(hash, 99_000))).toEqual(data.subarray(99_000));
    expect(await tempFiles()).toEqual([]);
  });

  it('reads in pieces of the chunk size asked for', async () => {
    const data = randomBytes(10_000);
    const temp = await sut.createTemp();
    await temp.write(data);
    const { sha256: hash } = await temp.finish();
    await sut.commit(temp.path, hash);

    const sizes: number[] = [];
    for await (const chunk of sut.openRead(hash, 0, 4096)) sizes.push((chunk as Buffer).length);
    expect(sizes).toEqual([4096, 4096, 1808]);
  });

  it('keeps bytes in order when writes are not awaited one by one', async () => {
    const data = randomBytes(64 * 1024);
    const temp = await sut.createTemp();
    const writes = [];
    for (let offset = 0; offset < data.length; offset += 1024)
      writes.push(temp.write(data.subarray(offset, offset + 1024)));
    await Promise.all(writes);
    const { sha256: hash } = await temp.finish();
    await sut.commit(temp.path, hash);
    expect(await readFile(sut.path(hash))).toEqual(data);
  });

  it('stores identical content once, dropping the second temp file', async () => {
    const data = Buffer.from('same bytes twice');
    for (let i = 0; i < 2; i++) {
      const temp = await sut.createTemp();
      await temp.write(data);
      const { sha256: hash } = await temp.finish();
      await sut.commit(temp.path, hash);
    }
    expect((await readdir(join(dataDir, 'files'))).sort()).toEqual([sha256(data), 'tmp'].sort());
    expect(await tempFiles()).toEqual([]);
  });

  it('hashes an empty file', async () => {
    const temp = await sut.createTemp();
    expect(await temp.finish()).toEqual({ size: 0, sha256: sha256(Buffer.alloc(0)) });
  });

  it('leaves no file behind when aborted, before or after finish', async () => {
    const open = await sut.createTemp();
    await open.write(Buffer.from('partial'));
    await open.abort();
    await open.abort();

    const finished = await sut.createTemp();
    await finished.write(Buffer.from('complete but unwanted'));
    const { sha256: hash } = await finished.finish();
    await finished.abort();

    expect(await tempFiles()).toEqual([]);
    expect(await sut.exists(hash)).toBe(false);
    await expect(sut.commit(finished.path, hash)).rejects.toThrow();
    await expect(open.write(Buffer.from('late'))).rejects.toThrow(/aborted/);
  });

  it('refuses to commit under any name but the SHA-256 it computed', async () => {
    const temp = await sut.createTemp();
    await temp.write(Buffer.from('real content'));
    await temp.finish();
    const claimed = sha256(Buffer.from('other content'));

    await expect(sut.commit(temp.path, claimed)).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect(await sut.exists(claimed)).toBe(false);
  });

  it('refuses a name that is not a SHA-256, so that it cannot leave the directory', async () => {
    expect(() => sut.path('../../etc/passwd')).toThrow();
    expect(await sut.exists('../chat.db')).toBe(false);
    expect(() => sut.openRead('not-a-hash')).toThrow();
  });

  it("removes at start the temp folders of processes gone, and keeps a live one's, whose lease is renewed", async () => {
    const tmp = join(dataDir, 'files', 'tmp');
    const gone = join(tmp, '999-crashed');
    const live = join(tmp, '998-alive');
    await mkdir(gone);
    await writeFile(join(gone, 'half-upload'), 'left by a crash');
    await mkdir(live);
    await writeFile(join(live, 'upload'), 'upload in progress');
    await writeFile(join(tmp, 'stray'), 'from an older layout');
    const aMinuteAgo = new Date(Date.now() - 61_000);
    await utimes(gone, aMinuteAgo, aMinuteAgo);
    await utimes(join(tmp, 'stray'), aMinuteAgo, aMinuteAgo);

    const other = await BlobStore.open(dataDir);
    try {
      expect((await readdir(tmp)).sort()).toEqual(
        [live, sut.tempDir, other.tempDir].map((p) => p.slice(tmp.length + 1)).sort(),
      );
      expect(await readdir(live)).toEqual(['upload']);
    } finally {
      await other.close();
    }
    // Closing removes the store's own folder, and only it.
    expect(await readdir(tmp)).not.toContain(other.tempDir.slice(tmp.length + 1));
  });

  it('removes the folder of a process that died while this one runs, once its lease lapses', async () => {
    const short = await BlobStore.open(dataDir, { staleTempMs: 200 });
    try {
      const dead = await BlobStore.open(dataDir, { staleTempMs: 200 });
      const temp = await dead.createTemp();
      await temp.write(Buffer.from('never finished'));
      // Dies: no close, no more lease renewals.
      (dead as unknown as { leaseTimer: NodeJS.Timeout }).leaseTimer.close();
      const ownTemp = await short.createTemp();
      await ownTemp.write(Buffer.from('in progress'));
      await expect
        .poll(() => readdir(join(dataDir, 'files', 'tmp')), { timeout: 3_000 })
        .not.toContain(dead.tempDir.slice(join(dataDir, 'files', 'tmp').length + 1));
      // The living one's folder outlasts the lease many times over.
      expect(await readdir(short.tempDir)).toHaveLength(1);
      await ownTemp.abort();
      await temp.abort();
    } finally {
      await short.close();
    }
  });

  it('keeps blobs and temp files to their owner: folders 0700, files 0600, older blobs too', async () => {
    const old = randomBytes(100);
    await writeFile(join(dataDir, 'files', sha256(old)), old, { mode: 0o644 });
    await chmod(join(dataDir, 'files', sha256(old)), 0o644);
    await chmod(join(dataDir, 'files'), 0o755);
    await sut.close();
    sut = await BlobStore.open(dataDir);

    expect(await mode(join(dataDir, 'files', sha256(old)))).toBe(0o600);
    expect(await mode(join(dataDir, 'files'))).toBe(0o700);
    expect(await mode(sut.tempDir)).toBe(0o700);
    const temp = await sut.createTemp();
    await temp.write(Buffer.from('x'));
    expect(await mode(temp.path)).toBe(0o600);
    const { sha256: hash } = await temp.finish();
    expect(await mode(await sut.commit(temp.path, hash))).toBe(0o600);
    const written = join(sut.tempDir, 'ffmpeg-output.m4a');
    await writeFile(written, randomBytes(10), { mode: 0o644 });
    expect(await mode(sut.path((await sut.adopt(written)).sha256))).toBe(0o600);
  });

  it('tells the free and total space of its file system', async () => {
    const space = await sut.diskSpace();
    expect(space.path).toBe(join(dataDir, 'files'));
    expect(space.totalBytes).toBeGreaterThan(0);
    expect(space.freeBytes).toBeGreaterThanOrEqual(0);
    expect(space.freeBytes).toBeLessThanOrEqual(space.totalBytes);
  });

  it('puts bytes made in the process, and adopts a file another program wrote in its temp folder', async () => {
    const made = randomBytes(5_000);
    expect(await sut.put(made)).toEqual({ size: made.length, sha256: sha256(made) });
    expect(await readFile(sut.path(sha256(made)))).toEqual(made);

    const written = randomBytes(70_000);
    const path = join(sut.tempDir, 'ffmpeg-output.m4a');
    await writeFile(path, written);
    expect(await sut.adopt(path)).toEqual({ size: written.length, sha256: sha256(written) });
    expect(await readFile(sut.path(sha256(written)))).toEqual(written);
    // Adopting the same bytes again stores them once and still removes the new file.
    await writeFile(path, written);
    await sut.adopt(path);
    expect(await tempFiles()).toEqual([]);
  });

  it('removes an adopted file even when it cannot be stored', async () => {
    await expect(sut.adopt(join(sut.tempDir, 'missing'))).rejects.toThrow(/ENOENT/);
    expect(await tempFiles()).toEqual([]);
  });
});
