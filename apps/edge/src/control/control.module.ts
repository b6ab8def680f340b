import { DynamicModule, Module } from '@nestjs/common';

import { ConnectionRegistry } from '../registry/connection-registry';
import { ControlMessageController } from './control.message.controller';
import { ControlKeyGuard } from './control-key.guard';

/** The control channel's handlers: over the edge's LiveGateway (global, from CoreModule) and its registry. */
@Module({})
export class ControlModule {
  public static forRoot(registry: ConnectionRegistry): DynamicModule {
    return {
      module: ControlModule,
      controllers: [ControlMessageController],
      providers: [{ provide: ConnectionRegistry, useValue: registry }, ControlKeyGuard],
    };
  }
}
