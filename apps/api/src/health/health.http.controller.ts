import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { Public } from '../auth/public.decorator';
import { HealthDto } from './dto/health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthHttpController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({
    summary: 'Store and edge reachability, the database file, disk space',
    description:
      '200 while the store is reachable and sound (`degraded` when the edge is not reachable or disk space is low), ' +
      '503 when the store is unreachable or its file damaged; `reasons` says why when not `ok`.',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({
    type: HealthDto,
    description: 'The store is unreachable or its data damaged',
  })
  public async check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const health = await this.health.check();
    res.status(HealthService.httpStatus(health));
    return health;
  }
}
