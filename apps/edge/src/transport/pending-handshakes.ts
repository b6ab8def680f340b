import type { Socket } from 'node:net';

import { AddressCounts } from './address-counts';

/**
 * TLS connections whose handshake is not done yet, bounded per address and in all. Until its
 * handshake is done a connection is no chat connection, so the connection caps do not see it:
 * without this bound one address could hold any number of them, each until the handshake
 * timeout. Beyond either bound a new connection is dropped as it is accepted (nothing can be
 * said to it before a handshake).
 *
 * A handshake is counted from the raw connection until its TLS socket is secure, its raw socket
 * closes, or `deadlineMs` (the handshake timeout, and a little more) has passed, whichever is
 * first: Node does not always tell the end of a failed handshake to the raw socket.
 */
export class PendingHandshakes {
  private readonly perAddress = new AddressCounts();
  private readonly pending = new Map<string, { address: string; timer: NodeJS.Timeout }>();

  constructor(
    private readonly maxPerAddress: number,
    private readonly maxInAll: number,
    private readonly deadlineMs: number,
  ) {}

  /** Handshakes under way. */
  public get size(): number {
    return this.pending.size;
  }

  /** Counts a raw connection whose handshake starts; false when it is one too many (drop it). */
  public admit(raw: Socket): boolean {
    const address = raw.remoteAddress ?? '';
    if (this.perAddress.of(address) >= this.maxPerAddress || this.pending.size >= this.maxInAll) return false;
    const key = keyOf(raw);
    this.perAddress.add(address);
    const timer = setTimeout(() => this.settle(key), this.deadlineMs);
    timer.unref();
    this.pending.set(key, { address, timer });
    raw.once('close', () => this.settle(key));
    return true;
  }

  /** The handshake of this (now secure) socket is done: the connection caps count it from now on. */
  public secured(socket: Socket): void {
    this.settle(keyOf(socket));
  }

  private settle(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    this.pending.delete(key);
    clearTimeout(entry.timer);
    this.perAddress.remove(entry.address);
  }
}

/** A live connection's address and port, the same on its raw and its TLS socket. */
function keyOf(socket: Socket): string {
  return `${socket.remoteAddress}|${socket.remotePort}`;
}
