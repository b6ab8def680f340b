import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Actor, MessagesService } from '@chat/core';

import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors, INVALID_BODY } from '../common/api-errors.decorator';
import { ConversationsDto } from './dto/conversation.dto';
import { ConversationsQueryDto } from './dto/conversations-query.dto';

@ApiTags('messages')
@Controller('conversations')
export class ConversationsHttpController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: "The caller's conversations",
    description:
      'Every private and group conversation the caller takes part in, most recent first, each with its ' +
      'latest message (the conversation with everyone is left out: everybody has it). A client builds ' +
      'its conversation list from it after a reload, then pages each one with `GET /api/messages`.',
  })
  @ApiOkResponse({ type: ConversationsDto })
  @ApiErrors({ ...INVALID_BODY, message: 'limit must not be greater than 200', details: { field: 'limit' } })
  public async list(
    @CurrentUser() user: Actor,
    @Query() query: ConversationsQueryDto,
  ): Promise<ConversationsDto> {
    return { conversations: await this.messages.conversations(user, query.limit) };
  }
}
