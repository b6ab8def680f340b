import { Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG, AppConfig } from '@chat/core';

import { ClientConfigDto } from './dto/client-config.dto';
import { publicWsUrl } from './web-config';

@Injectable()
export class ClientConfigService {
  private readonly config: ClientConfigDto;

  constructor(@Inject(APP_CONFIG) app: AppConfig) {
    const wsUrl = publicWsUrl();
    this.config = { ...(wsUrl ? { wsUrl } : {}), wsPort: app.wsPort, limits: { ...app.limits } };
  }

  public get(): ClientConfigDto {
    return this.config;
  }
}
