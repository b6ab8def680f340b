import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { METRICS_CONTENT_TYPE } from '@chat/core';

import { AdminOnly } from '../auth/authenticated.decorator';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsHttpController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @AdminOnly()
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics of the api and the edge',
    description:
      'The Prometheus text format: connections by transport, log-ins, messages and deliveries, fan-out and store ' +
      'latency, media jobs, errors by code, and Node.js process metrics (event-loop lag among them), each sample ' +
      'labelled `process="api"` or `process="edge"`. Without a token on `METRICS_PORT`, when it is set.',
  })
  @ApiOkResponse({
    description: 'The metrics, one sample a line',
    content: {
      [METRICS_CONTENT_TYPE]: {
        schema: { type: 'string', example: 'natter_messages_total{kind="all",process="edge"} 42' },
      },
    },
  })
  public scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
