import { Module } from '@nestjs/common';

import { GamesHttpController } from './games.http.controller';
import { GamesService } from './games.service';

/** The games' leaderboards (issue 9): Snake's scores, posted by the browser that played. */
@Module({ controllers: [GamesHttpController], providers: [GamesService] })
export class GamesModule {}
