import { Controller } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

import { APP_CONFIG, AppConfig } from '@chat/core';
import { ClientFrameOf, OkReplies, PongFrame, PROTOCOL_VERSION } from '@chat/protocol';

import { ChatContext } from '../transport/chat.context';
import { FEATURES } from '../transport/chat-transport.server';
import { Frame } from '../transport/frame.decorator';
import { SessionService } from './session.service';

@Controller()
export class SessionFrameHandler {
  constructor(
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Frame('hello')
  public hello(): OkReplies['hello'] {
    return {
      server: this.config.serverName,
      protocol: PROTOCOL_VERSION,
      features: FEATURES,
      limits: this.config.limits,
    };
  }

  @Frame('register')
  public register(@Payload() frame: ClientFrameOf<'register'>): Promise<OkReplies['register']> {
    return this.sessions.register(frame);
  }

  @Frame('login')
  public login(
    @Payload() frame: ClientFrameOf<'login'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['login']> {
    return this.sessions.login(frame, ctx);
  }

  @Frame('logout')
  public logout(@Ctx() ctx: ChatContext): OkReplies['logout'] {
    return this.sessions.logout(ctx);
  }

  @Frame('ping')
  public ping(): PongFrame {
    return { type: 'pong' };
  }
}
