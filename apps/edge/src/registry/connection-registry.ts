import { Injectable } from '@nestjs/common';

import type { LiveGateway } from '@chat/core';
import { encodeFrame, EventFrame, MessageFrame } from '@chat/protocol';

import { Connection } from '../transport/connection';

interface OnlineUser {
  username: string;
  connections: Set<Connection>;
  /** Tells the user `unmuted` when a timed mute ends by itself. */
  muteTimer?: ReturnType<typeof setTimeout>;
}

/** setTimeout's longest delay (about 24.8 days); a longer mute re-arms its timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The edge's only state: which connections are logged in as whom. It is the in-process
 * LiveGateway; a Redis-backed registry can take its place behind the same interface.
 */
@Injectable()
export class ConnectionRegistry implements LiveGateway {
  private readonly users = new Map<string, OnlineUser>();
  private readonly loggedIn = new Set<Connection>();
  private readonly all = new Set<Connection>();

  public get connectionCount(): number {
    return this.all.size;
  }

  public get onlineCount(): number {
    return this.users.size;
  }

  public connected(conn: Connection): void {
    this.all.add(conn);
  }

  /** Marks a connection logged in; announces the user when it is their first connection. */
  public login(conn: Connection): void {
    const user = conn.user!;
    const key = user.username.toLowerCase();
    let entry = this.users.get(key);
    const first = !entry;
    if (!entry) {
      entry = { username: user.username, connections: new Set() };
      this.users.set(key, entry);
    }
    entry.connections.add(conn);
    this.loggedIn.add(conn);
    if (first) this.presence(user.username, 'online');
  }

  /** Forgets a connection; announces the user offline when it was their last. Returns whether it was. */
  public logout(conn: Connection): boolean {
    this.loggedIn.delete(conn);
    const user = conn.user;
    if (!user) return false;
    const key = user.username.toLowerCase();
    const entry = this.users.get(key);
    if (!entry || !entry.connections.delete(conn)) return false;
    if (entry.connections.size > 0) return false;
    clearTimeout(entry.muteTimer);
    this.users.delete(key);
    this.presence(user.username, 'offline');
    return true;
  }

  public disconnected(conn: Connection): boolean {
    this.all.delete(conn);
    return this.logout(conn);
  }

  public connections(): IterableIterator<Connection> {
    return this.all.values();
  }

  public connectionsOf(username: string): ReadonlySet<Connection> {
    return this.users.get(username.toLowerCase())?.connections ?? new Set();
  }

  public isOnline(username: string): boolean {
    return this.users.has(username.toLowerCase());
  }

  public onlineNames(): string[] {
    return [...this.users.values()].map((u) => u.username).sort(compareNames);
  }

  // --- LiveGateway -----------------------------------------------------------

  public deliverMessage(frame: MessageFrame, participants: readonly string[]): void {
    const buf = encodeFrame(frame);
    if (frame.kind === 'all') {
      for (const conn of this.loggedIn) conn.sendEvent(buf, frame.seq);
      return;
    }
    for (const name of participants) {
      for (const conn of this.connectionsOf(name)) conn.sendEvent(buf, frame.seq);
    }
  }

  public sendToUser(username: string, frame: EventFrame): void {
    const buf = encodeFrame(frame);
    for (const conn of this.connectionsOf(username)) conn.sendEvent(buf);
    if (frame.type === 'muted') this.muteEndsAt(username, frame.until);
    else if (frame.type === 'unmuted') this.muteEndsAt(username, null);
  }

  /**
   * Arms (or with null disarms) the `unmuted` event for a timed mute of an online user. Every
   * `muted`/`unmuted` for a user passes through here, and log-in arms it for a mute that
   * already runs, so the one timer per user follows the latest state.
   */
  public muteEndsAt(username: string, until: string | Date | null): void {
    const entry = this.users.get(username.toLowerCase());
    if (!entry) return;
    clearTimeout(entry.muteTimer);
    entry.muteTimer = undefined;
    if (until === null) return;
    const ms = new Date(until).getTime() - Date.now();
    if (Number.isNaN(ms)) return;
    entry.muteTimer = setTimeout(
      () => {
        entry.muteTimer = undefined;
        if (ms > MAX_TIMER_MS) this.muteEndsAt(entry.username, until);
        else this.sendToUser(entry.username, { type: 'unmuted' });
      },
      Math.max(0, Math.min(ms, MAX_TIMER_MS)),
    );
    entry.muteTimer.unref();
  }

  public broadcast(frame: EventFrame): void {
    const buf = encodeFrame(frame);
    for (const conn of this.loggedIn) conn.sendEvent(buf);
  }

  public disconnectUser(username: string, frame: EventFrame): void {
    const buf = encodeFrame(frame);
    for (const conn of [...this.connectionsOf(username)]) {
      conn.releaseEvents(Number.MAX_SAFE_INTEGER);
      conn.send(buf);
      this.logout(conn);
      conn.close();
    }
  }

  public async online(): Promise<string[]> {
    return this.onlineNames();
  }

  private presence(username: string, status: 'online' | 'offline'): void {
    this.broadcast({ type: 'presence', user: username, status, count: this.users.size });
  }
}

function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
