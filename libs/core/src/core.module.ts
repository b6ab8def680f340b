import { DynamicModule, Module, Provider } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';

import { checkStore, DataModule, DataModuleOptions } from '@chat/data';

import { AttentionService } from './attention/attention.service';
import { AccountService } from './auth/account.service';
import { AccountCareService } from './auth/account-care.service';
import { AuthService } from './auth/auth.service';
import { LoginThrottle } from './auth/login-throttle';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { FilesService } from './files/files.service';
import { LIVE_GATEWAY, LiveGateway } from './live/live-gateway';
import { MediaService } from './media/media.service';
import { MessagesService } from './messages/messages.service';
import { Metrics } from './metrics/metrics';
import { ModerationService } from './moderation/moderation.service';
import { PresenceService } from './presence/presence.service';
import { RoomsService } from './rooms/rooms.service';
import { SearchService } from './search/search.service';

/** How the services reach live connections in this process, e.g. `{ useValue: localLiveGateway }`. */
export type LiveGatewayProvider =
  | { useExisting: unknown }
  | { useValue: LiveGateway }
  | { useFactory: (...args: never[]) => LiveGateway | Promise<LiveGateway>; inject?: unknown[] }
  | { useClass: new (...args: never[]) => LiveGateway };

/**
 * The domain services shared by the edge and the admin API, on the store the configuration
 * selects (SQLite by default, MongoDB with MONGODB_URI); `metrics` is the process's, which the
 * services and the store's calls count into.
 */
@Module({})
export class CoreModule {
  public static forRoot(config: AppConfig, live: LiveGatewayProvider, metrics: Metrics): DynamicModule {
    const services = [
      AuthService,
      AccountService,
      AccountCareService,
      LoginThrottle,
      ModerationService,
      MessagesService,
      AttentionService,
      SearchService,
      FilesService,
      MediaService,
      PresenceService,
      RoomsService,
    ];
    return {
      module: CoreModule,
      global: true,
      imports: [
        DataModule.forRoot({ ...dataOptions(config), observe: metrics.storeCall }),
        JwtModule.register({ secret: config.jwtSecret }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Metrics, useValue: metrics },
        { provide: LIVE_GATEWAY, ...live } as Provider,
        ...services,
      ],
      exports: [APP_CONFIG, LIVE_GATEWAY, Metrics, ...services],
    };
  }
}

function dataOptions(config: AppConfig): DataModuleOptions {
  return { dataDir: config.dataDir, mongodbUri: config.mongodbUri, sqliteDurability: config.sqliteSync };
}

/**
 * Checks the store the services will open (the SQLite file: opens, `PRAGMA quick_check`) before
 * the application is built, so that a damaged file stops the start with a StoreFileError.
 */
export function checkStorage(config: AppConfig): Promise<void> {
  return checkStore(dataOptions(config));
}
