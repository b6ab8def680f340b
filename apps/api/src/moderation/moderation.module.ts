import { Module } from '@nestjs/common';

import { ModerationHttpController } from './moderation.http.controller';

/** The admin routes over the shared ModerationService (from the global CoreModule). */
@Module({ controllers: [ModerationHttpController] })
export class ModerationModule {}
