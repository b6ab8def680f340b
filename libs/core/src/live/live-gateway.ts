import type { EventFrame, SequencedFrame } from '@chat/protocol';

/**
 * Every effect that reaches other connections, and every read of who is online: the one port the
 * services (messages, moderation, presence) use for them, so that what sits behind it decides how
 * far they reach. The edge implements it over its own connections (`LocalLiveGateway`); a process
 * without connections (the admin API) by telling the edge through its control channel; a
 * Redis-backed one will span several edges.
 */
export interface LiveGateway {
  /**
   * Delivers a stored message to every connection of its participants: everyone for kind `all`,
   * the members of the room `frame.to` names for kind `room` (from the membership index; then
   * `participants` is empty).
   */
  deliverMessage(frame: SequencedFrame, participants: readonly string[]): void;
  /** Sends an event to every connection of every member of a room (room.joined, room.left, room.topic). */
  sendToRoom(room: string, frame: EventFrame): void | Promise<void>;
  /**
   * Tells the membership index behind the gateway what changed in a room (the store has it
   * already): who joined, who left, or that the room is gone. Applied before the call returns on
   * the edge, so that an event sent next to the room reaches the one who joined.
   */
  roomChanged(change: RoomChange): void | Promise<void>;
  /**
   * Sends an event to every connection of one user, but the connection `except` names. `false`:
   * the live path could not be reached (a gateway in another process), and nobody was told.
   */
  sendToUser(username: string, frame: EventFrame, except?: ConnectionId): LiveResult;
  /** Sends an event to one connection of one user (a call's signalling goes to the one in the call). */
  sendToConnection(username: string, connection: ConnectionId, frame: EventFrame): void | Promise<void>;
  /** Sends an event to every logged-in connection (notices, presence). */
  broadcast(frame: EventFrame): void | Promise<void>;
  /**
   * Sends a last event to every connection of one user (with `session`: only those logged in with
   * a token of that session), then closes them; resolves once what that changes (the user going
   * offline) has been told.
   */
  disconnectUser(username: string, frame: EventFrame, session?: string): LiveResult;
  /** Names of the users online now, sorted. */
  online(): Promise<string[]>;
}

export const LIVE_GATEWAY = Symbol('LIVE_GATEWAY');

/** What a live effect came to: `false` only when it could not be delivered at all. */
export type LiveResult = void | boolean | Promise<void | boolean>;

/** A change of a room's membership, by canonical room name and user names. */
export interface RoomChange {
  room: string;
  joined?: string[];
  left?: string[];
  /** The room is gone: forget all its members. */
  deleted?: boolean;
}

/** Names one connection of the deployment: the edge's own number for it, as a string. */
export type ConnectionId = string;
