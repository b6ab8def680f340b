import type { RoomChange } from '@chat/core';

/**
 * Who is in which room, in memory: room name → lower-cased member names. A room message reaches
 * its members through it (one map lookup per member, no store query), so a message to a room of
 * 50 costs 50 lookups however many rooms there are. Filled from the store at start, then kept by
 * the RoomsService's `roomChanged` calls, which come after the store has the change.
 */
export class RoomIndex {
  private readonly rooms = new Map<string, Set<string>>();

  public load(memberships: Iterable<{ room: string; username: string }>): void {
    this.rooms.clear();
    for (const { room, username } of memberships) this.add(room, username);
  }

  public apply(change: RoomChange): void {
    if (change.deleted) {
      this.rooms.delete(change.room);
      return;
    }
    for (const name of change.joined ?? []) this.add(change.room, name);
    const members = this.rooms.get(change.room);
    if (!members) return;
    for (const name of change.left ?? []) members.delete(name.toLowerCase());
    if (members.size === 0) this.rooms.delete(change.room);
  }

  /** The lower-cased names of a room's members; empty for an unknown room. */
  public membersOf(room: string): ReadonlySet<string> {
    return this.rooms.get(room) ?? EMPTY;
  }

  private add(room: string, username: string): void {
    let members = this.rooms.get(room);
    if (!members) {
      members = new Set();
      this.rooms.set(room, members);
    }
    members.add(username.toLowerCase());
  }
}

const EMPTY: ReadonlySet<string> = new Set();
