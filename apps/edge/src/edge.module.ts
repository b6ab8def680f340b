import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AppConfig, CallsService, CoreModule, Metrics, PresenceService } from '@chat/core';
import { STORE, Store } from '@chat/data';

import { CallsFrameHandler } from './calls/calls.frame.handler';
import { ControlModule } from './control/control.module';
import { FileTransfers } from './files/file-transfers.service';
import { FilesFrameHandler } from './files/files.frame.handler';
import { LocalLiveGateway } from './live/local-live.gateway';
import { MuteExpiry } from './live/mute-expiry';
import { MessagesFrameHandler } from './messages/messages.frame.handler';
import { ModerationFrameHandler } from './moderation/moderation.frame.handler';
import { PresenceFrameHandler } from './presence/presence.frame.handler';
import { ConnectionRegistry, presenceListener } from './registry/connection-registry';
import { RoomsFrameHandler } from './rooms/rooms.frame.handler';
import { ServerHello } from './session/server-hello';
import { SessionFrameHandler } from './session/session.frame.handler';
import { SessionService } from './session/session.service';
import { FrameAuthGuard } from './transport/frame-auth.guard';

/**
 * The edge: frame handlers (one per feature) over the shared core services, which reach live
 * connections through the LocalLiveGateway. The connection registry and the metrics are created
 * by the caller because the transport, built before the module, shares them.
 */
@Module({})
export class EdgeModule implements OnModuleInit {
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly mutes: MuteExpiry,
    private readonly presence: PresenceService,
    private readonly live: LocalLiveGateway,
    @Inject(STORE) private readonly store: Store,
  ) {}

  public static forRoot(config: AppConfig, registry: ConnectionRegistry, metrics: Metrics): DynamicModule {
    const mutes = new MuteExpiry(registry);
    const live = new LocalLiveGateway(registry, mutes, metrics);
    return {
      module: EdgeModule,
      imports: [CoreModule.forRoot(config, { useValue: live }, metrics), ControlModule.forRoot(registry)],
      controllers: [
        SessionFrameHandler,
        PresenceFrameHandler,
        MessagesFrameHandler,
        FilesFrameHandler,
        ModerationFrameHandler,
        CallsFrameHandler,
        RoomsFrameHandler,
      ],
      providers: [
        { provide: ConnectionRegistry, useValue: registry },
        { provide: MuteExpiry, useValue: mutes },
        { provide: LocalLiveGateway, useValue: live },
        { provide: APP_GUARD, useClass: FrameAuthGuard },
        SessionService,
        ServerHello,
        FileTransfers,
        CallsService,
      ],
    };
  }

  /**
   * First and last connections drive presence and the mute timers. Presence is subscribed here,
   * once it exists, rather than given to the registry: it reaches everyone through the gateway,
   * which itself sits over the registry. The room index is filled from the store before the edge
   * listens, so that the first room message reaches every member.
   */
  public async onModuleInit(): Promise<void> {
    this.registry.subscribe(this.mutes);
    this.registry.subscribe(presenceListener(this.presence));
    this.live.rooms.load(await this.store.rooms.allMemberships());
  }
}
