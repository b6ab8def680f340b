import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Actor } from '@chat/core';

import { AdminOnly, Authenticated } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors, INVALID_BODY } from '../common/api-errors.decorator';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { OnlineUsersDto } from './dto/online-users.dto';
import { UserPageDto } from './dto/user-page.dto';
import { UserViewDto } from './dto/user-view.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller()
export class UsersHttpController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The caller', description: 'Role, presence, and any ban or mute in force.' })
  @ApiOkResponse({ type: UserViewDto })
  public me(@CurrentUser() user: Actor): Promise<UserViewDto> {
    return this.users.me(user);
  }

  @Get('users/online')
  @Authenticated()
  @ApiOperation({
    summary: 'Who is online',
    description: "The protocol's `who`: sorted names and their count.",
  })
  @ApiOkResponse({ type: OnlineUsersDto })
  public online(): Promise<OnlineUsersDto> {
    return this.users.online();
  }

  @Get('users')
  @AdminOnly()
  @ApiOperation({
    summary: 'Every user, with role, presence, ban and mute',
    description: 'Sorted by name; `search` matches part of the name, without regard to case.',
  })
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrors({ ...INVALID_BODY, message: 'limit must not be greater than 1000', details: { field: 'limit' } })
  public list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }
}
