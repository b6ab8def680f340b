import { MessagePattern } from '@nestjs/microservices';

import type { ClientFrameType } from '@chat/protocol';

/** Identifies the chat transport, so frame handlers bind to it and to no other transport. */
export const CHAT_TRANSPORT = Symbol('chat');

/** Marks the handler of one client frame type (protocol.md), e.g. `@Frame('send')`. */
export const Frame = (type: ClientFrameType): MethodDecorator => MessagePattern(type, CHAT_TRANSPORT);
