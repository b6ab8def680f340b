import { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';

import { ChatError } from '../errors';
import { RawFrame } from '../raw-frame';
import { TransportListener } from './transport';
import { WebSocketTransport } from './websocket.transport';

/** What the transport reported to its listener, in order. */
class Recorder implements TransportListener {
  public readonly seen: unknown[] = [];
  private wake: (() => void) | undefined;

  public frame(frame: RawFrame, bytes: Uint8Array | undefined): void {
    this.push(['frame', frame, bytes]);
  }

  public invalid(error: ChatError, re: string | undefined): void {
    this.push(['invalid', error.code, re]);
  }

  public close(hadError: boolean): void {
    this.push(['close', hadError]);
  }

  /** Resolves once `n` reports have come. */
  public async count(n: number): Promise<unknown[]> {
    while (this.seen.length < n) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.seen;
  }

  private push(item: unknown): void {
    this.seen.push(item);
    this.wake?.();
  }
}

/** The `ws` package's real server, on a free port: the transport runs over a real WebSocket in Node. */
async function startServer(): Promise<{
  server: WebSocketServer;
  url: string;
  peer: () => Promise<WebSocket>;
}> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const peers: WebSocket[] = [];
  server.on('connection', (ws) => {
    // Collected from the first moment: a client's queued frames can arrive before a test listens.
    const texts: string[] = [];
    inboxes.set(ws, texts);
    ws.on('message', (data) => texts.push(data.toString()));
    peers.push(ws);
  });
  const peer = async (): Promise<WebSocket> => {
    while (peers.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    return peers[0];
  };
  return { server, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, peer };
}

const inboxes = new WeakMap<WebSocket, string[]>();

/** The first `n` text messages the server's end of `ws` got, since it connected. */
async function received(ws: WebSocket, n: number): Promise<string[]> {
  const texts = inboxes.get(ws)!;
  while (texts.length < n) await new Promise((resolve) => setTimeout(resolve, 5));
  return texts.slice(0, n);
}

describe(WebSocketTransport.name, () => {
  let server: WebSocketServer;
  let sut: WebSocketTransport;

  afterEach(async () => {
    await sut?.close();
    for (const client of server?.clients ?? []) client.terminate();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('sends what it was given before the socket opened once it opens, in order, one frame per text message', async () => {
    const s = await startServer();
    server = s.server;
    sut = new WebSocketTransport(new WebSocket(s.url));
    sut.attach(new Recorder());
    sut.send({ type: 'login', id: '1', token: 't' });
    sut.send({ type: 'who', id: '2' });
    const texts = await received(await s.peer(), 2);
    expect(texts).toEqual(['{"type":"login","id":"1","token":"t"}', '{"type":"who","id":"2"}']);
  });

  it('reports each text message as a frame, and one that is not a frame as invalid, with its id', async () => {
    const s = await startServer();
    server = s.server;
    const recorder = new Recorder();
    sut = new WebSocketTransport(new WebSocket(s.url));
    sut.attach(recorder);
    const peer = await s.peer();
    peer.send('{"type":"ok","re":"1","user":"alice"}');
    peer.send('not json');
    peer.send('{"id":"7","no":"type"}');
    expect(await recorder.count(3)).toEqual([
      ['frame', { type: 'ok', re: '1', user: 'alice' }, undefined],
      ['invalid', 'BAD_FRAME', undefined],
      ['invalid', 'BAD_FRAME', '7'],
    ]);
  });

  it('reports the close once when the server ends the connection, and sends nothing after', async () => {
    const s = await startServer();
    server = s.server;
    const recorder = new Recorder();
    sut = new WebSocketTransport(new WebSocket(s.url));
    sut.attach(recorder);
    (await s.peer()).close(1001, 'going away');
    expect(await recorder.count(1)).toEqual([['close', false]]);
    expect(sut.closed).toBe(true);
    sut.send({ type: 'who' });
    await sut.close();
    expect(recorder.seen).toEqual([['close', false]]);
  });

  it('reports its own close at once, and nothing that arrives later', async () => {
    const s = await startServer();
    server = s.server;
    const recorder = new Recorder();
    const socket = new WebSocket(s.url);
    sut = new WebSocketTransport(socket);
    sut.attach(recorder);
    const peer = await s.peer();
    await sut.close();
    peer.send('{"type":"notice","text":"too late"}');
    expect(recorder.seen).toEqual([['close', false]]);
    await new Promise((resolve) => socket.once('close', resolve));
    expect(recorder.seen).toEqual([['close', false]]);
  });

  it('refuses raw blocks, which do not travel over WebSocket', async () => {
    const s = await startServer();
    server = s.server;
    sut = new WebSocketTransport(new WebSocket(s.url));
    expect(() => sut.send({ type: 'file.chunk' }, new Uint8Array(3))).toThrow(/raw blocks/);
  });
});
