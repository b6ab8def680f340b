import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { encodeBlockFrame, encodeFrame } from '../codec';
import { RawFrame } from '../raw-frame';
import { ChatClient } from './chat-client';
import { Peer, sha, TestServer } from './testing/test-server';

/** A minimal upload endpoint: offer → chunk size, chunks appended, done → size and SHA-256 checked. */
function uploadServer(chunk: number) {
  const uploads = new Map<string, Buffer[]>();
  const server = {
    chunks: [] as { offset: number; bytes: number }[],
    files: new Map<string, Buffer>(),
    handle(peer: Peer, frame: RawFrame, bytes?: Buffer): void {
      if (frame.type === 'file.offer') {
        uploads.set('u1', []);
        peer.send({ type: 'ok', re: frame.id, upload: 'u1', chunk, expect: frame });
      } else if (frame.type === 'file.chunk') {
        server.chunks.push({ offset: frame.offset as number, bytes: frame.bytes as number });
        uploads.get(frame.upload as string)!.push(bytes!);
      } else if (frame.type === 'file.done') {
        const data = Buffer.concat(uploads.get(frame.upload as string)!);
        server.files.set('f1', data);
        peer.send({ type: 'ok', re: frame.id, fileId: 'f1', size: data.length, sha256: sha(data) });
      }
    },
  };
  return server;
}

/** Serves `data` for any file.get as file.data blocks of `block` bytes, written in odd pieces (or in one write); `lie` falsifies the final sha. */
function downloadServer(data: Buffer, block: number, lie = false, oneWrite = false) {
  return (peer: Peer, frame: RawFrame): void => {
    if (frame.type !== 'file.get') return;
    const parts: Buffer[] = [];
    for (let off = 0; off < data.length; off += block) {
      const piece = data.subarray(off, off + block);
      parts.push(
        ...encodeBlockFrame({ type: 'file.data', re: frame.id, fileId: frame.fileId, offset: off }, piece),
      );
    }
    parts.push(
      encodeFrame({
        type: 'ok',
        re: frame.id,
        size: data.length,
        sha256: lie ? sha(Buffer.from('x')) : sha(data),
      }),
    );
    const all = Buffer.concat(parts);
    if (oneWrite) {
      peer.socket.write(all);
      return;
    }
    const sizes = [1, 7, 333, 4096, 2, 999, 65536];
    for (let i = 0, off = 0; off < all.length; i++) {
      const n = sizes[i % sizes.length];
      peer.socket.write(all.subarray(off, off + n));
      off += n;
    }
  };
}

// Files go through ChatClient's upload and download, which run file-transfer.ts over its TCP transport.
describe(ChatClient.name, () => {
  let server: TestServer;
  let sut: ChatClient;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chat-client-'));
  });
  afterEach(async () => {
    await sut?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('upload', () => {
    it("sends a Buffer in chunks of the server's size, at increasing offsets, then file.done", async () => {
      const files = uploadServer(1000);
      server = await TestServer.start(files.handle);
      sut = await ChatClient.connect({ port: server.port });
      const data = randomBytes(2500);
      const progress: [number, number][] = [];
      const done = await sut.upload(data, { name: 'a.bin', mime: 'application/x-test' }, (s, t) =>
        progress.push([s, t]),
      );
      expect(done).toEqual({ fileId: 'f1', size: 2500, sha256: sha(data) });
      expect(files.chunks).toEqual([
        { offset: 0, bytes: 1000 },
        { offset: 1000, bytes: 1000 },
        { offset: 2000, bytes: 500 },
      ]);
      expect(progress).toEqual([
        [0, 2500],
        [1000, 2500],
        [2000, 2500],
        [2500, 2500],
      ]);
      const offer = (await server.peer()).received[0].frame;
      expect(offer).toMatchObject({
        type: 'file.offer',
        name: 'a.bin',
        size: 2500,
        sha256: sha(data),
        mime: 'application/x-test',
      });
    });

    it('reads a path in place, named after the file', async () => {
      const files = uploadServer(64 * 1024);
      server = await TestServer.start(files.handle);
      sut = await ChatClient.connect({ port: server.port });
      const data = randomBytes(300_000);
      const path = join(dir, 'photo.jpg');
      writeFileSync(path, data);
      await expect(sut.upload(path, {})).resolves.toMatchObject({ size: data.length, sha256: sha(data) });
      expect(files.files.get('f1')!.equals(data)).toBe(true);
      expect(files.chunks.map((c) => c.offset)).toEqual([0, 65536, 131072, 196608, 262144]);
      expect((await server.peer()).received[0].frame).toMatchObject({ name: 'photo.jpg', size: 300_000 });
    });

    it('sends an empty file as offer and done alone', async () => {
      const files = uploadServer(1000);
      server = await TestServer.start(files.handle);
      sut = await ChatClient.connect({ port: server.port });
      await expect(sut.upload(Buffer.alloc(0), { name: 'empty' })).resolves.toMatchObject({ size: 0 });
      expect(files.chunks).toEqual([]);
    });

    it('waits for the socket to drain while the server does not read', async () => {
      const files = uploadServer(256 * 1024);
      server = await TestServer.start(files.handle);
      sut = await ChatClient.connect({ port: server.port });
      const peer = await server.peer();
      const data = randomBytes(48 * 1024 * 1024);
      let sent = 0;
      const upload = sut.upload(data, { name: 'big' }, (s) => (sent = s));
      await peer.next((f) => f.type === 'file.offer');
      peer.socket.pause();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sent).toBeLessThan(data.length);
      peer.socket.resume();
      await expect(upload).resolves.toMatchObject({ size: data.length, sha256: sha(data) });
    });

    it('stops at an error about its chunks and rejects with it', async () => {
      server = await TestServer.start((peer, frame) => {
        if (frame.type === 'file.offer') peer.send({ type: 'ok', re: frame.id, upload: 'u9', chunk: 10 });
        if (frame.type === 'file.chunk' && frame.offset === 10)
          peer.send({ type: 'error', code: 'NO_SUCH_UPLOAD', message: 'gone' });
        if (frame.type === 'file.done')
          peer.send({ type: 'error', re: frame.id, code: 'NO_SUCH_UPLOAD', message: 'gone' });
      });
      sut = await ChatClient.connect({ port: server.port });
      await expect(sut.upload(randomBytes(1000), { name: 'x' })).rejects.toMatchObject({
        code: 'NO_SUCH_UPLOAD',
      });
    });

    it('asks for media processing in the offer and returns the processed file the reply describes', async () => {
      const processed = {
        fileId: 'f2',
        name: 'hello.wav',
        size: 1200,
        sha256: sha(Buffer.from('processed')),
        mime: 'audio/mp4',
        media: { kind: 'voice', durationMs: 2040, waveform: Array.from({ length: 64 }, (_, i) => i * 4) },
      };
      server = await TestServer.start((peer, frame) => {
        if (frame.type === 'file.offer') peer.send({ type: 'ok', re: frame.id, upload: 'u1', chunk: 100 });
        if (frame.type === 'file.done') peer.send({ type: 'ok', re: frame.id, ...processed });
      });
      sut = await ChatClient.connect({ port: server.port });
      const data = randomBytes(250);
      await expect(
        sut.upload(data, { name: 'hello.wav', mime: 'audio/wav', media: 'voice' }),
      ).resolves.toEqual(processed);
      expect((await server.peer()).received[0].frame).toEqual({
        type: 'file.offer',
        id: expect.any(String),
        name: 'hello.wav',
        size: 250,
        sha256: sha(data),
        mime: 'audio/wav',
        media: 'voice',
      });
    });

    it('offers no media field for a plain file', async () => {
      const files = uploadServer(1000);
      server = await TestServer.start(files.handle);
      sut = await ChatClient.connect({ port: server.port });
      await sut.upload(randomBytes(10), { name: 'plain.bin' });
      expect((await server.peer()).received[0].frame).not.toHaveProperty('media');
    });

    it.each(['UNSUPPORTED_MEDIA', 'MEDIA_TOO_LONG', 'MEDIA_UNAVAILABLE'])(
      'rejects with the processing error of file.done (%s)',
      async (code) => {
        server = await TestServer.start((peer, frame) => {
          if (frame.type === 'file.offer') peer.send({ type: 'ok', re: frame.id, upload: 'u1', chunk: 100 });
          if (frame.type === 'file.done') peer.send({ type: 'error', re: frame.id, code, message: 'no' });
        });
        sut = await ChatClient.connect({ port: server.port });
        await expect(sut.upload(randomBytes(10), { name: 'x.wav', media: 'voice' })).rejects.toMatchObject({
          code,
        });
      },
    );

    it('rejects with the error of the offer', async () => {
      server = await TestServer.start((peer, frame) =>
        peer.send({ type: 'error', re: frame.id, code: 'FILE_TOO_LARGE', message: 'too big' }),
      );
      sut = await ChatClient.connect({ port: server.port });
      await expect(sut.upload(randomBytes(10), { name: 'x' })).rejects.toMatchObject({
        code: 'FILE_TOO_LARGE',
      });
    });
  });

  describe('download', () => {
    it('collects file.data blocks into a Buffer, checked against the final size and SHA-256', async () => {
      const data = randomBytes(700_000);
      server = await TestServer.start(downloadServer(data, 262_144));
      sut = await ChatClient.connect({ port: server.port });
      const progress: [number, number | undefined][] = [];
      const got = await sut.download('f1', undefined, (r, t) => progress.push([r, t]));
      expect(got.size).toBe(data.length);
      expect(got.sha256).toBe(sha(data));
      expect(got.data!.equals(data)).toBe(true);
      expect(progress).toEqual([
        [262_144, undefined],
        [524_288, undefined],
        [700_000, undefined],
        [700_000, 700_000],
      ]);
      expect((await server.peer()).received[0].frame).toMatchObject({ type: 'file.get', fileId: 'f1' });
    });

    it('writes into a path, renamed into place once checked', async () => {
      const data = randomBytes(100_000);
      server = await TestServer.start(downloadServer(data, 30_000));
      sut = await ChatClient.connect({ port: server.port });
      const to = join(dir, 'out.bin');
      await expect(sut.download('f1', to)).resolves.toEqual({ size: data.length, sha256: sha(data) });
      expect(readFileSync(to).equals(data)).toBe(true);
      expect(readdirSync(dir)).toEqual(['out.bin']);
    });

    it('keeps reading the socket after a download to a path whose last block and ok came together', async () => {
      const data = randomBytes(100_000);
      const serve = downloadServer(data, 50_000, false, true);
      server = await TestServer.start((peer, frame) =>
        frame.type === 'ping' ? peer.send({ type: 'pong', re: frame.id }) : serve(peer, frame),
      );
      sut = await ChatClient.connect({ port: server.port });
      await sut.download('f1', join(dir, 'one.bin'));
      await expect(sut.request('ping', {})).resolves.toEqual({});
    });

    it('rejects with CHECKSUM_MISMATCH and leaves no file when the bytes do not match', async () => {
      const data = randomBytes(50_000);
      server = await TestServer.start(downloadServer(data, 20_000, true));
      sut = await ChatClient.connect({ port: server.port });
      const to = join(dir, 'bad.bin');
      await expect(sut.download('f1', to)).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
      await expect(sut.download('f1')).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
      expect(existsSync(to)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    });

    it('rejects with the error reply (NO_SUCH_FILE)', async () => {
      server = await TestServer.start((peer, frame) =>
        peer.send({ type: 'error', re: frame.id, code: 'NO_SUCH_FILE', message: 'No such file' }),
      );
      sut = await ChatClient.connect({ port: server.port });
      await expect(sut.download('nope', join(dir, 'x'))).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
      expect(readdirSync(dir)).toEqual([]);
    });

    it('rejects blocks that skip an offset', async () => {
      server = await TestServer.start((peer, frame) => {
        const [head, block] = encodeBlockFrame(
          { type: 'file.data', re: frame.id, fileId: 'f', offset: 5 },
          Buffer.from('abc'),
        );
        peer.socket.write(Buffer.concat([head, block]));
      });
      sut = await ChatClient.connect({ port: server.port });
      await expect(sut.download('f')).rejects.toMatchObject({
        code: 'INTERNAL',
        message: expect.stringMatching(/offset 5/),
      });
    });
  });
});
