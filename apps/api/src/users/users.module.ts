import { Module } from '@nestjs/common';

import { UsersHttpController } from './users.http.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersHttpController],
  providers: [UsersService],
})
export class UsersModule {}
