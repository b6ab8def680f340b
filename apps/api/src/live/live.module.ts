import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';

import { AppConfig, controlKey } from '@chat/core';

import { CONTROL_KEY, EDGE_CONTROL, EdgeLiveGateway } from './edge-live.gateway';

/** The control channel to the edge (host:CONTROL_PORT), as the LiveGateway the core services use. */
@Module({})
export class LiveModule {
  public static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LiveModule,
      global: true,
      imports: [
        ClientsModule.register([
          {
            name: EDGE_CONTROL,
            transport: Transport.TCP,
            options: { host: config.controlHost, port: config.controlPort },
          },
        ]),
      ],
      providers: [{ provide: CONTROL_KEY, useValue: controlKey(config.jwtSecret) }, EdgeLiveGateway],
      exports: [EdgeLiveGateway],
    };
  }
}
