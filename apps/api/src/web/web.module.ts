import { Module } from '@nestjs/common';

import { ClientConfigHttpController } from './client-config.http.controller';
import { ClientConfigService } from './client-config.service';

/** What the web client asks the api for; the built app itself is served by `serveWebApp`. */
@Module({ controllers: [ClientConfigHttpController], providers: [ClientConfigService] })
export class WebModule {}
