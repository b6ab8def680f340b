import { ConnectionId, LiveGateway, Metrics, RoomChange } from '@chat/core';
import { encodeFrame, EventFrame, SequencedFrame } from '@chat/protocol';

import { ConnectionRegistry } from '../registry/connection-registry';
import { MuteExpiry } from './mute-expiry';
import { RoomIndex } from './room-index';

/**
 * The in-process LiveGateway: every effect reaches the connections of this edge's registry, and
 * `online` is who is logged in here. A Redis-backed gateway takes its place for several edges;
 * handlers and services only know the port. Each frame is encoded once and the same Buffer is
 * queued on every recipient; a room's members come from the in-memory RoomIndex. The deliveries
 * are counted once per message, not once per recipient.
 */
export class LocalLiveGateway implements LiveGateway {
  public readonly rooms = new RoomIndex();

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly mutes: MuteExpiry,
    private readonly metrics: Metrics = new Metrics(),
  ) {}

  public deliverMessage(frame: SequencedFrame, participants: readonly string[]): void {
    const buf = encodeFrame(frame);
    let delivered = 0;
    if (frame.kind === 'all') {
      const everyone = this.registry.loggedInConnections();
      for (const conn of everyone) conn.sendEvent(buf, frame.seq);
      delivered = everyone.size;
    } else if (frame.kind === 'room') {
      delivered = this.toRoom(frame.to as string, buf, frame.seq);
    } else {
      for (const name of participants) {
        const connections = this.registry.connectionsOf(name);
        for (const conn of connections) conn.sendEvent(buf, frame.seq);
        delivered += connections.size;
      }
    }
    this.metrics.delivered(delivered);
  }

  public sendToUser(username: string, frame: EventFrame, except?: ConnectionId): void {
    const buf = encodeFrame(frame);
    for (const conn of this.registry.connectionsOf(username)) {
      if (String(conn.id) !== except) conn.sendEvent(buf);
    }
    this.mutes.observe(username, frame);
  }

  public sendToConnection(username: string, connection: ConnectionId, frame: EventFrame): void {
    for (const conn of this.registry.connectionsOf(username)) {
      if (String(conn.id) === connection) conn.sendEvent(encodeFrame(frame));
    }
  }

  public sendToRoom(room: string, frame: EventFrame): void {
    this.toRoom(room, encodeFrame(frame));
  }

  public roomChanged(change: RoomChange): void {
    this.rooms.apply(change);
  }

  public broadcast(frame: EventFrame): void {
    const buf = encodeFrame(frame);
    for (const conn of this.registry.loggedInConnections()) conn.sendEvent(buf);
  }

  /** Resolves once the user's going offline has been announced, so it comes before what follows. */
  public async disconnectUser(username: string, frame: EventFrame, session?: string): Promise<void> {
    const buf = encodeFrame(frame);
    const connections = [...this.registry.connectionsOf(username)].filter(
      (conn) => session === undefined || conn.user?.session === session,
    );
    const loggedOut = connections.map((conn) => {
      conn.closeWith(buf);
      return this.registry.logout(conn);
    });
    await Promise.all(loggedOut);
  }

  public async online(): Promise<string[]> {
    return this.registry.onlineNames();
  }

  /** Answers how many connections it was queued on. */
  private toRoom(room: string, buf: Buffer, seq?: number): number {
    let count = 0;
    for (const key of this.rooms.membersOf(room)) {
      const connections = this.registry.connectionsOfKey(key);
      for (const conn of connections) conn.sendEvent(buf, seq);
      count += connections.size;
    }
    return count;
  }
}
