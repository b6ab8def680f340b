import { Module } from '@nestjs/common';

import { SnapshotsHttpController } from './snapshots.http.controller';
import { SnapshotsService } from './snapshots.service';

/** Each user's Snapshots folder (issue 9): screenshots kept on the server, private to their owner. */
@Module({ controllers: [SnapshotsHttpController], providers: [SnapshotsService] })
export class SnapshotsModule {}
