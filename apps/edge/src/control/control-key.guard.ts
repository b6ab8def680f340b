import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG, AppConfig, controlKey, ControlMessage, isControlKey } from '@chat/core';
import { ChatError } from '@chat/protocol';

/** Control messages must carry the key derived from the shared JWT secret: only the system's own processes act. */
@Injectable()
export class ControlKeyGuard implements CanActivate {
  private readonly key: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = controlKey(config.jwtSecret);
  }

  public canActivate(context: ExecutionContext): boolean {
    const message = context.switchToRpc().getData<Partial<ControlMessage> | undefined>();
    if (!isControlKey(message?.key, this.key)) throw new ChatError('FORBIDDEN', 'Bad control key');
    return true;
  }
}
