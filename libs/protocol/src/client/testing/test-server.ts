import { createHash } from 'node:crypto';
import { AddressInfo, createServer, Server, Socket } from 'node:net';

import { encodeFrame, FrameDecoder } from '../../codec';
import { RawFrame } from '../../raw-frame';

export const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
export const HELLO = {
  type: 'hello',
  server: 'test',
  protocol: 1,
  features: ['files'],
  limits: { frame: 1048576, text: 4000, file: 104857600, chunk: 262144 },
};

export interface Received {
  frame: RawFrame;
  bytes?: Buffer;
}

/** One connection of the test server: what it received, and a way to talk back. */
export class Peer {
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
export class TestServer {
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
export function okTo(table: Record<string, object>) {
  return (peer: Peer, frame: RawFrame): void => {
    const fields = table[frame.type];
    if (fields && typeof frame.id === 'string') peer.send({ type: 'ok', re: frame.id, ...fields });
  };
}
