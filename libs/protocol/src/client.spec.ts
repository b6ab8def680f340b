import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ChatClient, toChatError } from './client';
import { encodeBlockFrame, encodeFrame, FrameDecoder } from './codec';
import { RawFrame } from './raw-frame';
import { ChatError } from './errors';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const HELLO = {
  type: 'hello',
  server: 'test',
  protocol: 1,
  features: ['files'],
  limits: { frame: 1048576, text: 4000, file: 104857600, chunk: 262144 },
};

interface Received {
  frame: RawFrame;
  bytes?: Buffer;
}

/** One connection of the test server: what it received, and a way to talk back. */
class Peer {
  public readonly received: Received[] = [];
  private readonly waiters: (() => void)[] = [];

  constructor(public readonly socket: Socket) {}

  public send(...frames: object[]): void {
    this.socket.write(Buffer.concat(frames.map((f) => encodeFrame(f))));
  }

  public push(item: Received): void {
    this.received.push(item);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves with the first received frame matching `test` (already received or still to come). */
  public async next(test: (f: RawFrame) => boolean): Promise<Received> {
    for (;;) {
      const hit = this.received.find((r) => test(r.frame));
      if (hit) return hit;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }
}

/**
 * A tiny real TCP server speaking a few frames of protocol.md: hello on connect, then whatever the
 * test's handler answers. No mocks: the client under test talks over a real socket.
 */
class TestServer {
  public readonly peers: Peer[] = [];
  private readonly waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    public readonly port: number,
  ) {}

  public static async start(
    onFrame: (peer: Peer, frame: RawFrame, bytes?: Buffer) => void = () => undefined,
    options: { hello?: boolean } = {},
  ): Promise<TestServer> {
    const ref: { self?: TestServer } = {};
    const server = createServer((socket) => {
      const peer = new Peer(socket);
      const decoder = new FrameDecoder({ maxBlock: 64 * 1024 * 1024 });
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        for (const item of decoder.push(chunk)) {
          if (item.kind !== 'frame') continue;
          peer.push({ frame: item.frame, bytes: item.bytes });
          onFrame(peer, item.frame, item.bytes);
        }
      });
      if (options.hello !== false) peer.send(HELLO);
      ref.self!.peers.push(peer);
      for (const wake of ref.self!.waiters.splice(0)) wake();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ref.self = new TestServer(server, (server.address() as AddressInfo).port);
    return ref.self;
  }

  public async peer(index = 0): Promise<Peer> {
    while (!this.peers[index]) await new Promise<void>((wake) => this.waiters.push(wake));
    return this.peers[index];
  }

  public async stop(): Promise<void> {
    for (const p of this.peers) p.socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Answers `ok` with `fields` to every request of `type`. */
function okTo(table: Record<string, object>) {
  return (peer: Peer, frame: RawFrame): void => {
    const fields = table[frame.type];
    if (fields && typeof frame.id === 'string') peer.send({ type: 'ok', re: frame.id, ...fields });
  };
}

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

  describe('connect', () => {
    it("resolves once the server's hello has arrived", async () => {
      server = await TestServer.start();
      sut = await ChatClient.connect({ port: server.port });
      expect(sut.hello).toEqual(HELLO);
      expect(sut.closed).toBe(false);
    });

    it('rejects with the socket error when nothing listens', async () => {
      server = await TestServer.start();
      const port = server.port;
      await server.stop();
      await expect(ChatClient.connect({ port })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    });

    it('rejects when no hello comes within the timeout', async () => {
      server = await TestServer.start(undefined, { hello: false });
      await expect(ChatClient.connect({ port: server.port, connectTimeoutMs: 100 })).rejects.toThrow(
        /no hello/,
      );
    });

    it('handles events that arrive in the same packet as hello', async () => {
      server = await TestServer.start(undefined, { hello: false });
      const connecting = ChatClient.connect({ port: server.port });
      const peer = await server.peer();
      peer.send(HELLO, { type: 'notice', text: 'welcome' });
      sut = await connecting;
      expect(sut.hello.server).toBe('test');
    });
  });

  describe('request', () => {
    it('matches replies by re, whatever order they come in, and strips type and re', async () => {
      const held: RawFrame[] = [];
      server = await TestServer.start((peer, frame) => {
        if (frame.type === 'who') held.push(frame);
        if (frame.type === 'login') {
          peer.send({
            type: 'ok',
            re: frame.id,
            user: frame.user,
            role: 'user',
            token: 't',
            online: ['a'],
            seq: 7,
          });
          // the earlier `who` is answered only now
          peer.send({ type: 'ok', re: held[0].id, online: ['a', 'b'], count: 2 });
        }
      });
      sut = await ChatClient.connect({ port: server.port });
      const who = sut.request('who', {});
      const login = sut.request('login', { user: 'alice', password: 'secret-pw' });
      await expect(login).resolves.toEqual({
        user: 'alice',
        role: 'user',
        token: 't',
        online: ['a'],
        seq: 7,
      });
      await expect(who).resolves.toEqual({ online: ['a', 'b'], count: 2 });
      const peer = await server.peer();
      const ids = peer.received.map((r) => r.frame.id);
      expect(new Set(ids).size).toBe(2);
      expect(peer.received[1].frame).toEqual({
        type: 'login',
        id: ids[1],
        user: 'alice',
        password: 'secret-pw',
      });
    });

    it('resolves ping with the fields of its pong', async () => {
      server = await TestServer.start((peer, frame) => peer.send({ type: 'pong', re: frame.id }));
      sut = await ChatClient.connect({ port: server.port });
      await expect(sut.request('ping', {})).resolves.toEqual({});
    });

    it.each([
      [
        { code: 'BANNED', message: 'You are banned', until: '2030-01-01T00:00:00.000Z', reason: 'rude' },
        {
          code: 'BANNED',
          message: 'You are banned',
          details: { until: '2030-01-01T00:00:00.000Z', reason: 'rude' },
        },
      ],
      [
        { code: 'RATE_LIMITED', message: 'slow down', retryAfterMs: 120 },
        { code: 'RATE_LIMITED', message: 'slow down', details: { retryAfterMs: 120 } },
      ],
      [
        { code: 'MUTED', message: 'muted', until: null },
        { code: 'MUTED', message: 'muted', details: { until: null } },
      ],
      [
        { code: 'NOT_A_CODE', message: 'from a newer server' },
        { code: 'INTERNAL', message: 'from a newer server', details: {} },
      ],
      [{ code: 'EMPTY' }, { code: 'EMPTY', message: 'A message needs text or a file', details: {} }],
    ])('rejects an error reply %j with ChatError %j', async (fields, expected) => {
      server = await TestServer.start((peer, frame) => peer.send({ type: 'error', re: frame.id, ...fields }));
      sut = await ChatClient.connect({ port: server.port });
      const err = await sut.request('send', { to: '*', text: 'x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChatError);
      expect(err).toMatchObject(expected);
    });

    it('rejects every pending request with INTERNAL "connection closed" when the socket closes, then at once', async () => {
      server = await TestServer.start((peer, frame) => {
        if (frame.type === 'history') peer.socket.destroy();
      });
      sut = await ChatClient.connect({ port: server.port });
      const closed = new Promise((resolve) => sut.once('close', resolve));
      const pending = [
        sut.request('who', {}),
        sut.request('send', { to: '*', text: 'a' }),
        sut.request('history', { with: '*' }),
      ];
      for (const p of pending)
        await expect(p).rejects.toMatchObject({ code: 'INTERNAL', message: 'connection closed' });
      await closed;
      expect(sut.closed).toBe(true);
      await expect(sut.request('who', {})).rejects.toMatchObject({
        code: 'INTERNAL',
        message: 'connection closed',
      });
    });
  });

  describe('events', () => {
    it('emits each server event by type, every frame as frame, and unmatched errors as error-frame', async () => {
      server = await TestServer.start();
      sut = await ChatClient.connect({ port: server.port });
      const events = [
        {
          type: 'message',
          seq: 1,
          msgId: 'm1',
          ts: '2026-01-01T00:00:00.000Z',
          from: 'a',
          to: '*',
          kind: 'all',
          text: 'hi',
        },
        { type: 'presence', user: 'b', status: 'online', count: 2 },
        { type: 'notice', text: 'b was muted' },
        { type: 'muted', by: 'admin', until: null },
        { type: 'unmuted' },
        { type: 'kicked', by: 'admin', reason: 'spam' },
        { type: 'banned', by: 'admin', until: null },
        { type: 'error', code: 'BAD_OFFSET', message: 'bad offset' },
        { type: 'ok', re: 'nobody-asked' },
      ];
      const seen: [string, unknown][] = [];
      for (const type of [
        'message',
        'presence',
        'notice',
        'muted',
        'unmuted',
        'kicked',
        'banned',
        'error-frame',
      ]) {
        sut.on(type, (f: unknown) => seen.push([type, f]));
      }
      const frames: unknown[] = [];
      sut.on('frame', (f) => frames.push(f));
      const peer = await server.peer();
      peer.send(...events);
      await new Promise((resolve) => sut.once('banned', () => setImmediate(resolve)));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toEqual(events.slice(0, 8).map((e) => [e.type === 'error' ? 'error-frame' : e.type, e]));
      expect(frames).toEqual(events);
    });

    it('answers a server ping with a ping frame of its own, and emits ping', async () => {
      server = await TestServer.start();
      sut = await ChatClient.connect({ port: server.port });
      const pinged = new Promise((resolve) => sut.once('ping', resolve));
      const peer = await server.peer();
      peer.send({ type: 'ping' });
      await expect(pinged).resolves.toEqual({ type: 'ping' });
      await expect(peer.next((f) => f.type === 'ping')).resolves.toEqual({ frame: { type: 'ping' } });
    });

    it('emits close with hadError false when the server ends the connection', async () => {
      server = await TestServer.start();
      sut = await ChatClient.connect({ port: server.port });
      const closed = new Promise((resolve) => sut.once('close', resolve));
      (await server.peer()).socket.end();
      await expect(closed).resolves.toBe(false);
      expect(sut.closed).toBe(true);
    });
  });

  describe('post and writeRaw', () => {
    it('writes a frame without id, with its raw block, and raw bytes as given', async () => {
      server = await TestServer.start();
      sut = await ChatClient.connect({ port: server.port });
      sut.post({ type: 'file.chunk', upload: 'u', offset: 0 }, Buffer.from('abc'));
      sut.post({ type: 'who' });
      sut.writeRaw('{"type":"ping"}\n');
      const peer = await server.peer();
      await peer.next((f) => f.type === 'ping');
      expect(peer.received).toEqual([
        { frame: { type: 'file.chunk', upload: 'u', offset: 0, bytes: 3 }, bytes: Buffer.from('abc') },
        { frame: { type: 'who' } },
        { frame: { type: 'ping' } },
      ]);
    });
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

  describe('close', () => {
    it('ends the socket and resolves once it is closed', async () => {
      server = await TestServer.start(okTo({}));
      sut = await ChatClient.connect({ port: server.port });
      const events: boolean[] = [];
      sut.on('close', (hadError) => events.push(hadError));
      await sut.close();
      expect(sut.closed).toBe(true);
      expect(events).toEqual([false]);
      await sut.close();
    });
  });
});

describe(toChatError.name, () => {
  it('keeps only scalar details', () => {
    const err = toChatError({
      type: 'error',
      re: '1',
      code: 'INVALID',
      message: 'to: bad',
      nested: { a: 1 },
      n: 2,
    });
    expect(err).toMatchObject({ code: 'INVALID', message: 'to: bad', details: { n: 2 } });
  });
});
