import { createHmac, timingSafeEqual } from 'node:crypto';

import type { EventFrame, SequencedFrame } from '@chat/protocol';

import type { RoomChange } from './live-gateway';

/**
 * The control channel: how a process without connections (the admin API) reaches the edge's live
 * connections. One message pattern per `LiveGateway` method, over `@nestjs/microservices` TCP.
 */
export const LIVE_PATTERNS = {
  deliverMessage: 'live.deliverMessage',
  sendToUser: 'live.sendToUser',
  sendToConnection: 'live.sendToConnection',
  sendToRoom: 'live.sendToRoom',
  roomChanged: 'live.roomChanged',
  broadcast: 'live.broadcast',
  disconnectUser: 'live.disconnectUser',
  online: 'live.online',
  ping: 'live.ping',
  /** The edge's Prometheus text, which the api's `/api/metrics` merges with its own. */
  metrics: 'live.metrics',
} as const;

export type LivePattern = (typeof LIVE_PATTERNS)[keyof typeof LIVE_PATTERNS];

/** Every control message carries the key, so that only processes holding the JWT secret may act. */
export interface ControlMessage {
  key: string;
}

export interface DeliverMessageCommand extends ControlMessage {
  frame: SequencedFrame;
  participants: string[];
}

export interface SendToUserCommand extends ControlMessage {
  username: string;
  frame: EventFrame;
  except?: string;
}

export interface SendToConnectionCommand extends ControlMessage {
  username: string;
  connection: string;
  frame: EventFrame;
}

export interface SendToRoomCommand extends ControlMessage {
  room: string;
  frame: EventFrame;
}

export interface RoomChangedCommand extends ControlMessage {
  change: RoomChange;
}

export interface BroadcastCommand extends ControlMessage {
  frame: EventFrame;
}

export interface DisconnectUserCommand extends ControlMessage {
  username: string;
  frame: EventFrame;
  /** Only the connections of this session (a token's `sid`). */
  session?: string;
}

/** What the edge answers to `live.ping`. */
export interface EdgeStatus {
  connections: number;
  online: number;
}

/**
 * The key control messages carry: derived from the JWT secret every process of the system shares
 * (DATA_DIR/jwt-secret or JWT_SECRET), so the control port needs no secret of its own.
 */
export function controlKey(jwtSecret: string): string {
  return createHmac('sha256', jwtSecret).update('chat control channel v1').digest('base64url');
}

/** Compares keys in constant time. */
export function isControlKey(candidate: unknown, expected: string): boolean {
  if (typeof candidate !== 'string') return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
