import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Public } from '../auth/public.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { ClientConfigService } from './client-config.service';
import { ClientConfigDto } from './dto/client-config.dto';

@ApiTags('web')
@Public()
@Controller('client-config')
export class ClientConfigHttpController {
  constructor(private readonly clientConfig: ClientConfigService) {}

  @Get()
  @ApiOperation({
    summary: "Where the web client finds the edge's WebSocket, and the protocol limits",
  })
  @ApiOkResponse({ type: ClientConfigDto })
  @ApiErrors('INTERNAL')
  public get(): ClientConfigDto {
    return this.clientConfig.get();
  }
}
