import { connect, Socket } from 'node:net';

import { FrameDecoder, RawFrame } from '@chat/protocol';

/**
 * A bare TCP connection for bad-input tests: writes whatever bytes it is given and reads every
 * frame (with the one codec) the server sends back.
 */
export class RawSocket {
  public readonly frames: RawFrame[] = [];
  public closed = false;
  private readonly decoder = new FrameDecoder({ maxFrame: 64 * 1024 * 1024, maxBlock: 64 * 1024 * 1024 });
  private readonly waiters: (() => void)[] = [];
  private requests = 0;

  private constructor(public readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const item of this.decoder.push(chunk)) if (item.kind === 'frame') this.frames.push(item.frame);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  /** `localAddress`: another loopback address (127.0.0.2, ...) to come from, as another client would. */
  public static open(port: number, host = '127.0.0.1', localAddress?: string): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, localAddress }, () => resolve(new RawSocket(socket)));
      socket.once('error', reject);
    });
  }

  public write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Writes one frame as a line. */
  public send(frame: object): void {
    this.socket.write(JSON.stringify(frame) + '\n');
  }

  /** Waits for the first frame (from index `from`) matching `match`. */
  public async waitFor(match: (f: RawFrame) => boolean, ms = 5_000, from = 0): Promise<RawFrame> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (this.closed) throw new Error(`closed before a matching frame; got ${JSON.stringify(this.frames)}`);
      if (Date.now() > deadline)
        throw new Error(`no matching frame within ${ms} ms; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  /** Sends a frame with a fresh id and waits for its reply. */
  public request(frame: object, ms?: number): Promise<RawFrame> {
    const id = `q${++this.requests}`;
    this.send({ ...frame, id });
    return this.reply(id, ms);
  }

  /** The reply (`re` = id) to a request. */
  public reply(id: string, ms?: number): Promise<RawFrame> {
    return this.waitFor((f) => f.re === id, ms);
  }

  public async waitClosed(ms = 5_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  public close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
