import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AppConfig, CoreModule } from '@chat/core';

import { ControlModule } from './control/control.module';
import { FileTransfers } from './files/file-transfers.service';
import { FilesFrameHandler } from './files/files.frame.handler';
import { MessagesFrameHandler } from './messages/messages.frame.handler';
import { ModerationFrameHandler } from './moderation/moderation.frame.handler';
import { PresenceFrameHandler } from './presence/presence.frame.handler';
import { ConnectionRegistry } from './registry/connection-registry';
import { SessionFrameHandler } from './session/session.frame.handler';
import { SessionService } from './session/session.service';
import { FrameAuthGuard } from './transport/frame-auth.guard';

/**
 * The edge: frame handlers (one per feature) over the shared core services. The connection
 * registry is created by the caller because the transport, built before the module, shares it.
 */
@Module({})
export class EdgeModule {
  public static forRoot(config: AppConfig, registry: ConnectionRegistry): DynamicModule {
    return {
      module: EdgeModule,
      imports: [CoreModule.forRoot(config, { useValue: registry }), ControlModule.forRoot(registry)],
      controllers: [
        SessionFrameHandler,
        PresenceFrameHandler,
        MessagesFrameHandler,
        FilesFrameHandler,
        ModerationFrameHandler,
      ],
      providers: [
        { provide: ConnectionRegistry, useValue: registry },
        { provide: APP_GUARD, useClass: FrameAuthGuard },
        SessionService,
        FileTransfers,
      ],
    };
  }
}
