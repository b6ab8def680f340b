import { createHash, randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageFrame } from '@chat/protocol';

import { tempFiles } from './support/data-dir';
import { EdgeProcess } from './support/edge-process';
import { eventually, nextEvent } from './support/events';
import { RawSocket } from './support/raw-socket';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('files (protocol.md §6)', () => {
  let edge: EdgeProcess;
  let alice: ChatClient;
  let bob: ChatClient;

  beforeAll(async () => {
    edge = await EdgeProcess.start({ env: { MAX_FILE_MB: '2' } });
    [alice, bob] = await Promise.all([edge.login('alice'), edge.login('bob')]);
  });
  afterAll(async () => {
    await Promise.all([alice.close(), bob.close()]);
    await edge.dispose();
  });

  it('uploads, sends and downloads a file, checked by SHA-256', async () => {
    const data = randomBytes(700_000);
    const done = await alice.upload(data, { name: 'photo.bin', mime: 'application/x-test' });
    expect(done).toMatchObject({ size: data.length, sha256: sha(data) });
    const delivered = nextEvent<MessageFrame>(bob, 'message');
    await alice.request('send', { to: 'bob', fileId: done.fileId, text: 'a file' });
    const m = await delivered;
    expect(m.file).toEqual({
      id: done.fileId,
      name: 'photo.bin',
      size: data.length,
      sha256: sha(data),
      mime: 'application/x-test',
    });
    const got = await bob.download(done.fileId);
    expect(got.sha256).toBe(sha(data));
    expect(sha(got.data!)).toBe(sha(data));
    expect(existsSync(join(edge.dataDir, 'files', sha(data)))).toBe(true);
  });

  it('accepts chunks however TCP splits them: one byte at a time, and many frames in one write', async () => {
    const raw = await RawSocket.open(edge.port);
    raw.send({ type: 'login', id: 'l', user: 'alice', password: 'alice-password' });
    await raw.reply('l');
    const data = randomBytes(5_000);
    const offerLine =
      JSON.stringify({ type: 'file.offer', id: 'o', name: 'odd.bin', size: data.length, sha256: sha(data) }) +
      '\n';
    for (const byte of Buffer.from(offerLine)) raw.write(Buffer.from([byte]));
    const offer = await raw.reply('o');
    const parts: Buffer[] = [];
    for (let off = 0; off < data.length; off += 1_234) {
      const block = data.subarray(off, off + 1_234);
      parts.push(
        Buffer.from(
          JSON.stringify({ type: 'file.chunk', upload: offer.upload, offset: off, bytes: block.length }) +
            '\n',
        ),
        block,
      );
    }
    parts.push(Buffer.from(JSON.stringify({ type: 'file.done', id: 'd', upload: offer.upload }) + '\n'));
    const all = Buffer.concat(parts);
    // odd pieces: 1, 7, 333, 4096 ... bytes
    const sizes = [1, 7, 333, 4096, 2, 999];
    for (let i = 0, off = 0; off < all.length; i++) {
      const n = sizes[i % sizes.length];
      raw.write(all.subarray(off, off + n));
      off += n;
    }
    expect(await raw.reply('d')).toMatchObject({ type: 'ok', size: data.length, sha256: sha(data) });
    raw.close();
  });

  it('streams a download as file.data blocks with raw bytes, then ok', async () => {
    const data = randomBytes(600_000);
    const done = await alice.upload(data, { name: 'big.bin' });
    const raw = await RawSocket.open(edge.port);
    raw.send({ type: 'login', id: 'l', user: 'alice', password: 'alice-password' });
    await raw.reply('l');
    raw.send({ type: 'file.get', id: 'g', fileId: done.fileId, offset: 100_000 });
    const ok = await raw.waitFor((f) => f.type === 'ok' && f.re === 'g');
    expect(ok).toMatchObject({ size: data.length, sha256: sha(data) });
    const blocks = raw.frames.filter((f) => f.type === 'file.data');
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(blocks[0]).toMatchObject({ re: 'g', fileId: done.fileId, offset: 100_000 });
    expect(blocks.every((b) => (b.bytes as number) <= 262_144)).toBe(true);
    expect(blocks.reduce((n, b) => n + (b.bytes as number), 0)).toBe(data.length - 100_000);
    raw.close();
  });

  it('rejects bad uploads with the exact code', async () => {
    const data = randomBytes(1000);
    await expect(
      alice.request('file.offer', { name: 'x', size: 3 * 1024 * 1024, sha256: sha(data) }),
    ).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    await expect(alice.request('file.offer', { name: 'x', size: 10, sha256: 'zz' })).rejects.toMatchObject({
      code: 'INVALID',
    });
    await expect(alice.request('file.done', { upload: 'u_nope' })).rejects.toMatchObject({
      code: 'NO_SUCH_UPLOAD',
    });

    const { upload } = await alice.request('file.offer', { name: 'x', size: data.length, sha256: sha(data) });
    await expect(alice.request('file.chunk', { upload, offset: 5, bytes: 0 })).rejects.toMatchObject({
      code: 'BAD_OFFSET',
    });
    alice.post({ type: 'file.chunk', upload, offset: 0, bytes: 10 }, data.subarray(0, 10));
    const wrong = randomBytes(990);
    alice.post({ type: 'file.chunk', upload, offset: 10, bytes: wrong.length }, wrong);
    await expect(alice.request('file.done', { upload })).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    await expect(alice.request('file.done', { upload })).rejects.toMatchObject({ code: 'NO_SUCH_UPLOAD' });

    const small = await alice.request('file.offer', { name: 'y', size: 5, sha256: sha(data) });
    alice.post({ type: 'file.chunk', upload: small.upload, offset: 0, bytes: 10 }, data.subarray(0, 10));
    await expect(alice.request('file.done', { upload: small.upload })).rejects.toMatchObject({
      code: 'NO_SUCH_UPLOAD',
    });
    // Each was discarded with its temp file.
    expect(tempFiles(edge.dataDir)).toEqual([]);
  });

  it('gives a file only to participants of a conversation that carried it', async () => {
    const carol = await edge.login('carol');
    const data = randomBytes(100);
    const { fileId } = await alice.upload(data, { name: 'secret.txt' });
    await expect(bob.download(fileId)).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
    await expect(bob.request('send', { to: 'carol', fileId })).rejects.toMatchObject({
      code: 'NO_SUCH_FILE',
    });
    await alice.request('send', { to: 'bob', fileId });
    await expect(bob.download(fileId)).resolves.toMatchObject({ sha256: sha(data) });
    await expect(carol.download(fileId)).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
    await alice.request('send', { to: '*', fileId });
    await expect(carol.download(fileId)).resolves.toMatchObject({ sha256: sha(data) });
    await expect(carol.request('file.get', { fileId: 'f_unknown' })).rejects.toMatchObject({
      code: 'NO_SUCH_FILE',
    });
    await carol.close();
  });

  it('leaves no file when the connection closes mid-upload', async () => {
    const c = await edge.login('quitter');
    const data = randomBytes(50_000);
    const { upload } = await c.request('file.offer', { name: 'half', size: data.length, sha256: sha(data) });
    c.post({ type: 'file.chunk', upload, offset: 0, bytes: 20_000 }, data.subarray(0, 20_000));
    await c.request('ping', {});
    await c.close();
    await eventually(() => expect(tempFiles(edge.dataDir)).toEqual([]));
    expect(existsSync(join(edge.dataDir, 'files', sha(data)))).toBe(false);
  });

  it("answers INTERNAL when a file's bytes are gone from disk, and the connection stays usable", async () => {
    const data = randomBytes(3_000);
    const { fileId } = await alice.upload(data, { name: 'lost.bin' });
    rmSync(join(edge.dataDir, 'files', sha(data)));
    await expect(alice.download(fileId)).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(alice.request('ping', {})).resolves.toBeDefined();
  });
});
