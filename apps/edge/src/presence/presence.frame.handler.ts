import { Controller } from '@nestjs/common';

import { OkReplies } from '@chat/protocol';

import { ConnectionRegistry } from '../registry/connection-registry';
import { Frame } from '../transport/frame.decorator';

@Controller()
export class PresenceFrameHandler {
  constructor(private readonly registry: ConnectionRegistry) {}

  @Frame('who')
  public who(): OkReplies['who'] {
    const online = this.registry.onlineNames();
    return { online, count: online.length };
  }
}
