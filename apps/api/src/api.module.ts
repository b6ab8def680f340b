import { DynamicModule, Module } from '@nestjs/common';

import { AppConfig, CoreModule, Metrics } from '@chat/core';

import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { FilesModule } from './files/files.module';
import { GamesModule } from './games/games.module';
import { HealthModule } from './health/health.module';
import { EdgeLiveGateway } from './live/edge-live.gateway';
import { LiveModule } from './live/live.module';
import { MessagesModule } from './messages/messages.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModerationModule } from './moderation/moderation.module';
import { MusicModule } from './music/music.module';
import { RoomsModule } from './rooms/rooms.module';
import { SnapshotsModule } from './snapshots/snapshots.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';

/**
 * The admin API: the core services on the shared store, reaching live connections through the
 * edge's control channel, behind JWT auth; one module per feature.
 */
@Module({})
export class ApiModule {
  public static forRoot(config: AppConfig, metrics: Metrics = new Metrics('api')): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        LiveModule.forRoot(config),
        CoreModule.forRoot(config, { useExisting: EdgeLiveGateway }, metrics),
        AuthModule,
        UsersModule,
        ModerationModule,
        AccountsModule,
        AuditModule,
        MessagesModule,
        RoomsModule,
        MusicModule,
        FilesModule,
        SnapshotsModule,
        GamesModule,
        HealthModule,
        MetricsModule,
        WebModule,
      ],
    };
  }
}
