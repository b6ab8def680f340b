import type { Upload } from '@chat/core';
import { DecodedItem, encodeBlockFrame, encodeFrame, FrameDecoder, Role } from '@chat/protocol';

import type { LiveConnection } from '../registry/connection-registry';
import type { Wire } from './wire';

/** The logged-in identity of a connection. */
export interface SessionUser {
  username: string;
  role: Role;
  /** The session (a token's `sid`) the connection logged in with. */
  session?: string;
}

/** Past this many unsent bytes a reader is too slow: it is dropped rather than let grow the heap. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

let nextId = 1;

/** Connections with output waiting: flushed together once per turn of the event loop. */
const dirty = new Set<Connection>();
let flushScheduled = false;

function flushDirty(): void {
  flushScheduled = false;
  for (const conn of dirty) conn.flush();
  dirty.clear();
}

/**
 * One client connection, over TCP or WebSocket: its session, input queue and output. Output is
 * coalesced: every frame queued in one turn of the event loop goes out in one write, and the
 * same encoded Buffer is shared by every recipient of a broadcast.
 */
export class Connection implements LiveConnection {
  public readonly id = nextId++;
  public readonly connectedAt = Date.now();
  /** The TCP stream decoder (WebSocket messages are whole frames and skip it). */
  public readonly decoder: FrameDecoder;
  public user: SessionUser | null = null;
  public lastReceivedAt = Date.now();
  /** A `ping` went out since the last bytes came in. */
  public pinged = false;
  public badFramesInARow = 0;
  public readonly uploads = new Map<string, Upload>();
  /** Decoded input waiting for its turn: frames of one connection are handled one at a time. */
  public readonly input: DecodedItem[] = [];
  /** What `input` holds, in bytes as counted by the transport's bound. */
  public inputBytes = 0;
  public handling = false;
  /** While set, events wait here (login replays history first, then goes live). */
  private held: { seq: number; buf: Buffer }[] | null = null;
  private out: Buffer[] = [];
  private closing = false;

  constructor(
    public readonly wire: Wire,
    limits: { frame: number; chunk: number },
    /** The peer's IP address (without the port), for the per-address cap. */
    public readonly address = '',
  ) {
    this.decoder = new FrameDecoder({ maxFrame: limits.frame, maxBlock: limits.chunk });
  }

  public get isOpen(): boolean {
    return !this.closing && !this.wire.destroyed;
  }

  /** Queues an encoded frame (shared by many recipients; never mutated). */
  public send(buf: Buffer): void {
    if (!this.isOpen) return;
    this.out.push(buf);
    dirty.add(this);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushDirty);
    }
  }

  public sendFrame(frame: object): void {
    this.send(encodeFrame(frame));
  }

  /** An event for a logged-in user: held back while the connection replays what it missed. */
  public sendEvent(buf: Buffer, seq = 0): void {
    if (this.held) this.held.push({ seq, buf });
    else this.send(buf);
  }

  /** A frame and its raw block, written now; resolves when the peer can take more (backpressure). */
  public async sendBlock(frame: object, block: Buffer): Promise<void> {
    const [header, bytes] = encodeBlockFrame(frame, block);
    this.send(header);
    this.send(bytes);
    this.flush();
    await this.wire.drained();
  }

  /** Sends what is queued now; resolves when the peer can take more (backpressure). */
  public async drained(): Promise<void> {
    this.flush();
    await this.wire.drained();
  }

  public holdEvents(): void {
    this.held ??= [];
  }

  /** Goes live: sends held events, leaving out messages already replayed (seq <= replayedUpTo). */
  public releaseEvents(replayedUpTo: number): void {
    const held = this.held ?? [];
    this.held = null;
    for (const { seq, buf } of held) if (seq === 0 || seq > replayedUpTo) this.send(buf);
  }

  /**
   * Sends a last event (kicked, banned) and closes. Held notices go out first; held messages are
   * dropped, since the connection will not go live again.
   */
  public closeWith(buf: Buffer): void {
    this.releaseEvents(Number.MAX_SAFE_INTEGER);
    this.send(buf);
    this.close();
  }

  public flush(): void {
    if (this.out.length === 0 || this.wire.destroyed) return;
    const out = this.out;
    this.out = [];
    this.wire.write(out);
    if (this.wire.buffered > MAX_BUFFERED_BYTES) this.wire.destroy();
  }

  /** Sends what is queued, then closes. */
  public close(): void {
    if (this.closing) return;
    this.flush();
    this.closing = true;
    dirty.delete(this);
    this.wire.end();
    // A peer that never reads must not keep the connection half-open forever.
    setTimeout(() => this.wire.destroy(), 5_000).unref();
  }
}
