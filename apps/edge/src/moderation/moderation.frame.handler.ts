import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

import { ModerationService, untilIso } from '@chat/core';
import { ClientFrameOf, OkReplies } from '@chat/protocol';

import { ChatContext } from '../transport/chat.context';
import { Frame } from '../transport/frame.decorator';

@Controller()
export class ModerationFrameHandler {
  constructor(private readonly moderation: ModerationService) {}

  @Frame('kick')
  public async kick(
    @Payload() f: ClientFrameOf<'kick'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['kick']> {
    const { user } = await this.moderation.kick(ctx.user, f.user, f);
    return { user: user.username };
  }

  @Frame('ban')
  public async ban(@Payload() f: ClientFrameOf<'ban'>, @Ctx() ctx: ChatContext): Promise<OkReplies['ban']> {
    const { user, restriction } = await this.moderation.ban(ctx.user, f.user, f);
    return { user: user.username, until: untilIso(restriction) };
  }

  @Frame('unban')
  public async unban(
    @Payload() f: ClientFrameOf<'unban'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['unban']> {
    const { user } = await this.moderation.unban(ctx.user, f.user);
    return { user: user.username };
  }

  @Frame('mute')
  public async mute(
    @Payload() f: ClientFrameOf<'mute'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['mute']> {
    const { user, restriction } = await this.moderation.mute(ctx.user, f.user, f);
    return { user: user.username, until: untilIso(restriction) };
  }

  @Frame('unmute')
  public async unmute(
    @Payload() f: ClientFrameOf<'unmute'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['unmute']> {
    const { user } = await this.moderation.unmute(ctx.user, f.user);
    return { user: user.username };
  }
}
