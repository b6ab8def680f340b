import { FrameDecoder, RawFrame } from '@chat/protocol';

import { Connection } from '../transport/connection';
import type { Wire } from '../transport/wire';

/**
 * A Wire in memory, for unit specs: a real `Connection` writes to it exactly as to a socket, and
 * the spec reads back every write (each one is one turn's coalesced batch). A stalled reader lets
 * its bytes pile up, as a peer that never reads does.
 */
export class MemoryWire implements Wire {
  public readonly kind = 'tcp';
  public readonly carriesBlocks = true;
  public readonly remote = 'memory:0';
  public readonly address = 'memory';
  public readonly writes: Buffer[][] = [];
  public destroyed = false;
  public ended = false;
  public buffered = 0;
  private stalled = false;

  /** From now on nothing written is taken by the peer. */
  public stall(): void {
    this.stalled = true;
  }

  public write(frames: readonly Buffer[]): void {
    this.writes.push([...frames]);
    if (this.stalled) this.buffered += frames.reduce((n, b) => n + b.length, 0);
  }

  public drained(): Promise<void> {
    return Promise.resolve();
  }

  public pause(): void {}

  public resume(): void {}

  public end(): void {
    this.ended = true;
  }

  public destroy(): void {
    this.destroyed = true;
  }

  /** Every frame written so far, decoded with the protocol's codec. */
  public frames(): RawFrame[] {
    const decoder = new FrameDecoder({ maxFrame: 64 * 1024 * 1024, maxBlock: 64 * 1024 * 1024 });
    const items = decoder.push(Buffer.concat(this.writes.flat()));
    return items.flatMap((item) => (item.kind === 'frame' ? [item.frame] : []));
  }

  /** The frames written so far of one type. */
  public framesOf(type: string): RawFrame[] {
    return this.frames().filter((f) => f.type === type);
  }
}

/** A real Connection over a MemoryWire, logged in as `username` when one is given. */
export function memoryConnection(username?: string): { conn: Connection; wire: MemoryWire } {
  const wire = new MemoryWire();
  const conn = new Connection(wire, { frame: 1024 * 1024, chunk: 256 * 1024 });
  if (username) conn.user = { username, role: 'user' };
  return { conn, wire };
}

/**
 * Connections flush once per turn of the event loop: this waits for that turn, and the one after
 * (presence goes out a turn after its change at the soonest, then flushes with the next).
 */
export async function nextTurn(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
