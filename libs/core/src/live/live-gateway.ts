import type { EventFrame, MessageFrame } from '@chat/protocol';

/**
 * What the services need from live connections. The edge implements it over its connection
 * registry; a process without connections (the admin API) implements it by telling the edge
 * through its control channel; a Redis-backed one spans several edges.
 */
export interface LiveGateway {
  /** Delivers a stored message to every connection of its participants (everyone for kind `all`). */
  deliverMessage(frame: MessageFrame, participants: readonly string[]): void;
  /** Sends an event to every connection of one user. */
  sendToUser(username: string, frame: EventFrame): void | Promise<void>;
  /** Sends an event to every logged-in connection. */
  broadcast(frame: EventFrame): void | Promise<void>;
  /** Sends a last event to every connection of one user, then closes them. */
  disconnectUser(username: string, frame: EventFrame): void | Promise<void>;
  /** Names of the users online now, sorted. */
  online(): Promise<string[]>;
}

export const LIVE_GATEWAY = Symbol('LIVE_GATEWAY');
