import { Module } from '@nestjs/common';

import { MetricsHttpController } from './metrics.http.controller';
import { MetricsService } from './metrics.service';
import { MetricsListener } from './metrics-listener';

/** `GET /api/metrics` for admins, and the same page without a token on `METRICS_PORT` when it is set. */
@Module({
  controllers: [MetricsHttpController],
  providers: [MetricsService, MetricsListener],
})
export class MetricsModule {}
