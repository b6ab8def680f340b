import { Module } from '@nestjs/common';

import { RoomsHttpController } from './rooms.http.controller';

/** Rooms (protocol.md §12) over HTTP; the rules are the core's RoomsService. */
@Module({ controllers: [RoomsHttpController] })
export class RoomsModule {}
