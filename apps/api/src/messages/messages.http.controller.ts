import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Actor, MessagesService } from '@chat/core';

import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors, INVALID_BODY } from '../common/api-errors.decorator';
import { HistoryDto } from './dto/history.dto';
import { HistoryQueryDto } from './dto/history-query.dto';

@ApiTags('messages')
@Controller('messages')
export class MessagesHttpController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'History of one conversation',
    description: "The protocol's `history`: the newest messages the caller took part in, oldest first.",
  })
  @ApiOkResponse({ type: HistoryDto })
  @ApiErrors(
    { ...INVALID_BODY, message: 'limit must not be greater than 200', details: { field: 'limit' } },
    'SELF_MESSAGE',
    { code: 'NO_SUCH_USER', message: 'No such user: ghost' },
  )
  public async history(@CurrentUser() user: Actor, @Query() query: HistoryQueryDto): Promise<HistoryDto> {
    return { messages: await this.messages.history(user, query.toInput()) };
  }
}
