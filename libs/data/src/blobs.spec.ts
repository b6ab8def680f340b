import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
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
    await rm(dataDir, { recursive: true, force: true });
  });

  const tempFiles = () => readdir(join(dataDir, 'files', 'tmp'));

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

  it('removes stale temp files at start and keeps recent ones, which another process may be writing', async () => {
    const tmp = join(dataDir, 'files', 'tmp');
    await writeFile(join(tmp, 'stale'), 'left by a crash');
    await writeFile(join(tmp, 'recent'), 'upload in progress');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(tmp, 'stale'), twoHoursAgo, twoHoursAgo);

    await BlobStore.open(dataDir);
    expect(await tempFiles()).toEqual(['recent']);
  });

  it('puts bytes made in the process, and adopts a file another program wrote in its temp folder', async () => {
    const made = randomBytes(5_000);
    expect(await sut.put(made)).toEqual({ size: made.length, sha256: sha256(made) });
    expect(await readFile(sut.path(sha256(made)))).toEqual(made);

    const written = randomBytes(70_000);
    const path = join(dataDir, 'files', 'tmp', 'ffmpeg-output.m4a');
    await writeFile(path, written);
    expect(await sut.adopt(path)).toEqual({ size: written.length, sha256: sha256(written) });
    expect(await readFile(sut.path(sha256(written)))).toEqual(written);
    // Adopting the same bytes again stores them once and still removes the new file.
    await writeFile(path, written);
    await sut.adopt(path);
    expect(await tempFiles()).toEqual([]);
  });

  it('removes an adopted file even when it cannot be stored', async () => {
    await expect(sut.adopt(join(dataDir, 'files', 'tmp', 'missing'))).rejects.toThrow(/ENOENT/);
    expect(await tempFiles()).toEqual([]);
  });
});
