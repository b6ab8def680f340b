import { Controller } from '@nestjs/common';

import { PresenceService } from '@chat/core';
import { OkReplies } from '@chat/protocol';

import { Frame } from '../transport/frame.decorator';

@Controller()
export class PresenceFrameHandler {
  constructor(private readonly presence: PresenceService) {}

  @Frame('who')
  public who(): Promise<OkReplies['who']> {
    return this.presence.who();
  }
}
