import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Actor, SearchService } from '@chat/core';

import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors, INVALID_BODY } from '../common/api-errors.decorator';
import { HistoryDto } from './dto/history.dto';
import { SearchQueryDto } from './dto/search-query.dto';

@ApiTags('messages')
@Controller('search')
export class SearchHttpController {
  constructor(private readonly searching: SearchService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Search the messages one may read',
    description:
      "The protocol's `search`: every word must appear; newest first, as the messages are now (an edited one by its new text, a deleted one never).",
  })
  @ApiOkResponse({ type: HistoryDto })
  @ApiErrors(
    { ...INVALID_BODY, message: 'Search for at least one word' },
    { code: 'NO_SUCH_USER', message: 'No such user: ghost' },
    'NO_SUCH_ROOM',
  )
  public async search(@CurrentUser() user: Actor, @Query() query: SearchQueryDto): Promise<HistoryDto> {
    return { messages: await this.searching.search(user, query.toInput()) };
  }
}
