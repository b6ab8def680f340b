import { AddressInfo, createServer, Server, Socket } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { encodeBlockFrame, encodeFrame, FrameDecoder } from '../codec';
import { ChatError } from '../errors';
import { RawFrame } from '../raw-frame';
import { TcpTransport } from './tcp.transport';
import { TransportListener } from './transport';

/** What the transport reported to its listener, in order. */
class Recorder implements TransportListener<Buffer> {
  public readonly seen: unknown[] = [];
  private wake: (() => void) | undefined;

  public frame(frame: RawFrame, bytes: Buffer | undefined): void {
    this.push(bytes === undefined ? ['frame', frame] : ['frame', frame, bytes.toString()]);
  }

  public invalid(error: ChatError, re: string | undefined): void {
    this.push(['invalid', error.code, re]);
  }

  public close(hadError: boolean): void {
    this.push(['close', hadError]);
  }

  public async count(n: number): Promise<unknown[]> {
    while (this.seen.length < n) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.seen;
  }

  private push(item: unknown): void {
    this.seen.push(item);
    this.wake?.();
  }
}

/** A real TCP server on a free port; the test writes and reads its side of each connection. */
async function listen(): Promise<{ server: Server; port: number; peer: () => Promise<Socket> }> {
  const peers: Socket[] = [];
  const server = createServer((socket) => peers.push(socket.on('error', () => undefined)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const peer = async (): Promise<Socket> => {
    while (peers.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    return peers[0];
  };
  return { server, port: (server.address() as AddressInfo).port, peer };
}

describe(TcpTransport.name, () => {
  let server: Server | undefined;
  let sut: TcpTransport;

  afterEach(async () => {
    sut?.destroy();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('reports frames and their raw blocks in order, however the bytes are split', async () => {
    const s = await listen();
    server = s.server;
    const recorder = new Recorder();
    sut = TcpTransport.connect('127.0.0.1', s.port);
    sut.attach(recorder);
    const all = Buffer.concat([
      encodeFrame({ type: 'hello', server: 't' }),
      ...encodeBlockFrame({ type: 'file.data', re: '1', offset: 0 }, Buffer.from('raw\nbytes')),
      encodeFrame({ type: 'ok', re: '1' }),
    ]);
    const peer = await s.peer();
    for (let i = 0; i < all.length; i += 3) peer.write(all.subarray(i, i + 3));
    expect(await recorder.count(3)).toEqual([
      ['frame', { type: 'hello', server: 't' }],
      ['frame', { type: 'file.data', re: '1', offset: 0, bytes: 9 }, 'raw\nbytes'],
      ['frame', { type: 'ok', re: '1' }],
    ]);
  });

  it('sends frames as lines and a block right after its frame', async () => {
    const s = await listen();
    server = s.server;
    sut = TcpTransport.connect('127.0.0.1', s.port);
    sut.attach(new Recorder());
    sut.send({ type: 'who', id: '1' });
    sut.send({ type: 'file.chunk', upload: 'u', offset: 0 }, Buffer.from('abc'));
    await sut.sendAndDrain({ type: 'file.chunk', upload: 'u', offset: 3 }, Buffer.from('de'));
    const peer = await s.peer();
    const decoder = new FrameDecoder();
    const got: unknown[] = [];
    await new Promise<void>((resolve) =>
      peer.on('data', (chunk: Buffer) => {
        for (const item of decoder.push(chunk))
          if (item.kind === 'frame') got.push([item.frame, item.bytes?.toString()]);
        if (got.length === 3) resolve();
      }),
    );
    expect(got).toEqual([
      [{ type: 'who', id: '1' }, undefined],
      [{ type: 'file.chunk', upload: 'u', offset: 0, bytes: 3 }, 'abc'],
      [{ type: 'file.chunk', upload: 'u', offset: 3, bytes: 2 }, 'de'],
    ]);
  });

  it('reports a bad line and reads on; after a fatal one (a line too long) it drops the connection', async () => {
    const s = await listen();
    server = s.server;
    const recorder = new Recorder();
    sut = TcpTransport.connect('127.0.0.1', s.port, { maxFrame: 64 });
    sut.attach(recorder);
    (await s.peer()).write(`{"type":\n{"type":"ping"}\n{"type":"x","id":"9","pad":"${'y'.repeat(100)}"}\n`);
    expect(await recorder.count(4)).toEqual([
      ['invalid', 'BAD_FRAME', undefined],
      ['frame', { type: 'ping' }],
      ['invalid', 'FRAME_TOO_LARGE', undefined],
      ['close', false],
    ]);
    expect(sut.closed).toBe(true);
  });

  it('keeps the socket error for whoever connects (nothing listening)', async () => {
    const s = await listen();
    const port = s.port;
    await new Promise((resolve) => s.server.close(resolve));
    const recorder = new Recorder();
    sut = TcpTransport.connect('127.0.0.1', port);
    sut.attach(recorder);
    expect(await recorder.count(1)).toEqual([['close', true]]);
    expect(sut.error).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('close resolves once the connection has closed and the listener has heard it', async () => {
    const s = await listen();
    server = s.server;
    const recorder = new Recorder();
    sut = TcpTransport.connect('127.0.0.1', s.port);
    sut.attach(recorder);
    await s.peer();
    await sut.close();
    expect(recorder.seen).toEqual([['close', false]]);
    await expect(sut.sendAndDrain({ type: 'file.chunk' }, Buffer.from('x'))).rejects.toMatchObject({
      message: 'connection closed',
    });
  });
});
