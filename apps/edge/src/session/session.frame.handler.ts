import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

import { ClientFrameOf, OkReplies, PongFrame } from '@chat/protocol';

import { ChatContext } from '../transport/chat.context';
import { Frame } from '../transport/frame.decorator';
import { ServerHello } from './server-hello';
import { SessionService } from './session.service';

@Controller()
export class SessionFrameHandler {
  constructor(
    private readonly sessions: SessionService,
    private readonly server: ServerHello,
  ) {}

  @Frame('hello')
  public hello(): OkReplies['hello'] {
    return this.server.fields();
  }

  @Frame('register')
  public register(
    @Payload() frame: ClientFrameOf<'register'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['register']> {
    return this.sessions.register(frame, ctx);
  }

  @Frame('login')
  public login(
    @Payload() frame: ClientFrameOf<'login'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['login']> {
    return this.sessions.login(frame, ctx);
  }

  @Frame('logout')
  public logout(
    @Payload() frame: ClientFrameOf<'logout'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['logout']> {
    return this.sessions.logout(frame, ctx);
  }

  @Frame('ping')
  public ping(): PongFrame {
    return { type: 'pong' };
  }
}
