import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

import { MessagesService } from '@chat/core';
import { ClientFrameOf, OkReplies } from '@chat/protocol';

import { ChatContext } from '../transport/chat.context';
import { Frame } from '../transport/frame.decorator';

@Controller()
export class MessagesFrameHandler {
  constructor(private readonly messages: MessagesService) {}

  @Frame('send')
  public async send(
    @Payload() frame: ClientFrameOf<'send'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['send']> {
    // The sender sees its ok before its own copy of the message (protocol.md §9).
    ctx.holdEventsUntilReplied();
    const m = await this.messages.send(ctx.user, frame);
    return { seq: m.seq, ts: m.ts.toISOString(), msgId: m.msgId };
  }

  @Frame('history')
  public async history(
    @Payload() frame: ClientFrameOf<'history'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['history']> {
    return { messages: await this.messages.history(ctx.user, frame) };
  }

  /** Read state: the conversation read up to `seq`; the user's other connections are told. */
  @Frame('read')
  public read(@Payload() frame: ClientFrameOf<'read'>, @Ctx() ctx: ChatContext): Promise<OkReplies['read']> {
    return this.messages.markRead(ctx.user, frame, String(ctx.connection.id));
  }
}
