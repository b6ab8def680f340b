import type { Socket } from 'node:net';

import type { WebSocket } from 'ws';

/**
 * How a connection's frames reach its peer. TCP carries NDJSON lines and raw byte blocks;
 * WebSocket carries one frame per text message and no raw blocks (browsers move files over HTTP).
 */
export interface Wire {
  readonly kind: 'tcp' | 'ws';
  /** `address:port`, for logs. */
  readonly remote: string;
  /** The peer's IP address, whose log-ins and registrations are limited. */
  readonly address: string;
  /** The WebSocket handshake's User-Agent (a browser's); none over TCP. Its sessions record it. */
  readonly userAgent?: string;
  readonly destroyed: boolean;
  /** Bytes accepted but not yet sent. */
  readonly buffered: number;
  /** Whether raw byte blocks (file.chunk / file.data) can travel on this wire. */
  readonly carriesBlocks: boolean;
  /** Writes encoded frames (each a JSON line ending in `\n`, or a raw block after its header). */
  write(frames: readonly Buffer[]): void;
  /** Resolves when the peer has taken what was buffered, or the wire closed. */
  drained(): Promise<void>;
  pause(): void;
  resume(): void;
  end(): void;
  destroy(): void;
}

/** Below this much unsent output a WebSocket counts as drained. */
const WS_DRAINED_BYTES = 256 * 1024;
const WS_DRAIN_POLL_MS = 10;

export class TcpWire implements Wire {
  public readonly kind = 'tcp';
  public readonly carriesBlocks = true;
  public readonly remote: string;
  public readonly address: string;

  constructor(private readonly socket: Socket) {
    this.address = socket.remoteAddress ?? '';
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
  }

  public get destroyed(): boolean {
    return this.socket.destroyed;
  }

  public get buffered(): number {
    return this.socket.writableLength;
  }

  /** One corked write: however many frames, they leave in one writev. */
  public write(frames: readonly Buffer[]): void {
    if (frames.length === 1) {
      this.socket.write(frames[0]);
      return;
    }
    this.socket.cork();
    for (const buf of frames) this.socket.write(buf);
    this.socket.uncork();
  }

  public drained(): Promise<void> {
    if (!this.socket.writableNeedDrain || this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  public pause(): void {
    this.socket.pause();
  }

  public resume(): void {
    if (this.socket.isPaused()) this.socket.resume();
  }

  public end(): void {
    this.socket.end();
  }

  public destroy(): void {
    this.socket.destroy();
  }
}

const NEWLINE = 10;

export class WsWire implements Wire {
  public readonly kind = 'ws';
  public readonly carriesBlocks = false;

  public readonly remote: string;

  constructor(
    private readonly ws: WebSocket,
    public readonly address: string,
    port: number | undefined,
    public readonly userAgent?: string,
  ) {
    this.remote = `${address}:${port}`;
  }

  public get destroyed(): boolean {
    return this.ws.readyState !== this.ws.OPEN;
  }

  public get buffered(): number {
    return this.ws.bufferedAmount;
  }

  /** One text message per frame, without the line's `\n` (a zero-copy view of the shared Buffer). */
  public write(frames: readonly Buffer[]): void {
    for (const buf of frames) {
      const end = buf[buf.length - 1] === NEWLINE ? buf.length - 1 : buf.length;
      this.ws.send(buf.subarray(0, end), { binary: false });
    }
  }

  /** ws has no drain event: the buffered amount is looked at every few milliseconds instead. */
  public async drained(): Promise<void> {
    while (this.ws.bufferedAmount > WS_DRAINED_BYTES && this.ws.readyState === this.ws.OPEN) {
      await new Promise((resolve) => setTimeout(resolve, WS_DRAIN_POLL_MS));
    }
  }

  public pause(): void {
    this.ws.pause();
  }

  public resume(): void {
    this.ws.resume();
  }

  public end(): void {
    this.ws.close(1000);
  }

  public destroy(): void {
    this.ws.terminate();
  }
}
