import type { Socket } from 'node:net';

import { JsonSocket } from '@nestjs/microservices';

import { isControlKey } from '@chat/core';

/** What a control connection may send before its first message has shown the key, in characters. */
export const CONTROL_PRE_AUTH_MAX = 64 * 1024;
/** The largest control message once authenticated, in characters (a message frame is far less). */
export const CONTROL_MESSAGE_MAX = 4 * 1024 * 1024;
/** A message begun and not finished within this is dropped with its connection. */
const INCOMPLETE_MESSAGE_TIMEOUT_MS = 5_000;
/** Replies a peer that does not read may leave unsent before it is dropped. */
const MAX_SEND_BUFFER = 8 * 1024 * 1024;

/**
 * The control channel's framing (Nest's JsonSocket) with the key checked on the first message:
 * until a message has carried the right key, at most CONTROL_PRE_AUTH_MAX characters are buffered,
 * and a first message without it closes the connection before any handler sees it.
 */
export function keyedControlSocket(key: string): new (socket: Socket) => JsonSocket {
  return class KeyedControlSocket extends JsonSocket {
    private authenticated = false;

    constructor(socket: Socket) {
      super(socket, {
        maxBufferSize: CONTROL_PRE_AUTH_MAX,
        incompleteMessageTimeout: INCOMPLETE_MESSAGE_TIMEOUT_MS,
        maxSendBufferSize: MAX_SEND_BUFFER,
      });
    }

    protected override emitMessage(data: string): void {
      if (this.authenticated) return super.emitMessage(data);
      let message: { data?: { key?: unknown } } | null;
      try {
        message = JSON.parse(data) as typeof message;
      } catch {
        message = null;
      }
      if (!isControlKey(message?.data?.key, key)) {
        this.netSocket.destroy();
        return;
      }
      this.authenticated = true;
      (this as unknown as { maxBufferSize: number }).maxBufferSize = CONTROL_MESSAGE_MAX;
      this.netSocket.emit('message', message);
    }
  };
}
