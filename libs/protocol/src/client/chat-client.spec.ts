import { afterEach, describe, expect, it } from 'vitest';

import { ChatError } from '../errors';
import { RawFrame } from '../raw-frame';
import { ChatClient } from './chat-client';
import { HELLO, okTo, TestServer } from './testing/test-server';

describe(ChatClient.name, () => {
  let server: TestServer;
  let sut: ChatClient;

  afterEach(async () => {
    await sut?.close();
    await server?.stop();
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
