import { Module } from '@nestjs/common';

import { uploadsMulterModule } from '../files/files.module';
import { MusicHttpController } from './music.http.controller';
import { MusicService } from './music.service';

@Module({
  imports: [uploadsMulterModule()],
  controllers: [MusicHttpController],
  providers: [MusicService],
})
export class MusicModule {}
