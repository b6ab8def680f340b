import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

import { CallsService } from '@chat/core';
import { ClientFrameOf, OkReplies } from '@chat/protocol';

import { ChatContext } from '../transport/chat.context';
import { Frame } from '../transport/frame.decorator';

/** The §11 frames: each names the connection it came on, which is the one a call reaches. */
@Controller()
export class CallsFrameHandler {
  constructor(private readonly calls: CallsService) {}

  @Frame('call.invite')
  public invite(
    @Payload() f: ClientFrameOf<'call.invite'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['call.invite']> {
    return this.calls.invite(ctx.user, connectionOf(ctx), f);
  }

  @Frame('call.accept')
  public accept(
    @Payload() f: ClientFrameOf<'call.accept'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['call.accept']> {
    return this.calls.accept(ctx.user, connectionOf(ctx), f.callId);
  }

  @Frame('call.reject')
  public async reject(@Payload() f: ClientFrameOf<'call.reject'>, @Ctx() ctx: ChatContext): Promise<object> {
    await this.calls.reject(ctx.user, connectionOf(ctx), f.callId);
    return {};
  }

  @Frame('call.signal')
  public async signal(@Payload() f: ClientFrameOf<'call.signal'>, @Ctx() ctx: ChatContext): Promise<object> {
    await this.calls.signal(ctx.user, connectionOf(ctx), f);
    return {};
  }

  @Frame('call.hangup')
  public async hangup(@Payload() f: ClientFrameOf<'call.hangup'>, @Ctx() ctx: ChatContext): Promise<object> {
    await this.calls.hangup(ctx.user, connectionOf(ctx), f.callId);
    return {};
  }
}

function connectionOf(ctx: ChatContext): string {
  return String(ctx.connection.id);
}
