import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { Actor, RoomsService } from '@chat/core';
import { MAX_ROOMS_JOINED, MAX_ROOMS_OWNED, ROOM_LIST_MAX } from '@chat/protocol';

import { AdminOnly, Authenticated } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrorExample, ApiErrors, INVALID_BODY } from '../common/api-errors.decorator';
import {
  AdminRoomDto,
  AdminRoomPageDto,
  RoomDto,
  RoomListDto,
  RoomMembersDto,
  RoomRefDto,
  RoomRemovalDto,
  RoomUserDto,
} from './dto/room.dto';
import {
  AdminRoomsQueryDto,
  CreateRoomDto,
  InviteDto,
  RemoveMemberQueryDto,
  RoomSearchQueryDto,
  TopicDto,
} from './dto/room-requests.dto';

const NAME = ApiParam({
  name: 'name',
  description: 'The room’s name without its `#` (`dev` for `#dev`), in any case; `%23dev` is read the same',
  example: 'dev',
});
const USERNAME = ApiParam({ name: 'username', description: 'The user, in any case', example: 'bob' });
const NO_SUCH_ROOM: ApiErrorExample = { code: 'NO_SUCH_ROOM', message: 'No such room: #dev' };
const INVALID_ROOM: ApiErrorExample = { code: 'INVALID_ROOM' };
const NOT_OWNER: ApiErrorExample = {
  code: 'FORBIDDEN',
  message: 'Only the owner of #dev or an admin may do that',
  name: 'NOT_OWNER',
};
const NO_SUCH_USER: ApiErrorExample = { code: 'NO_SUCH_USER', message: 'No such user: ghost' };

/** `dev`, `#dev` or `%23dev` (already decoded) as the protocol's room name. */
function roomOf(name: string): string {
  return name.startsWith('#') ? name : `#${name}`;
}

/**
 * Rooms (protocol.md §12) over HTTP: the same RoomsService as the edge's room frames, so the rules,
 * the audit log and the live effect (through the edge's control channel) are the same.
 */
@ApiTags('rooms')
@Controller()
export class RoomsHttpController {
  constructor(private readonly rooms: RoomsService) {}

  @Get('rooms')
  @Authenticated()
  @ApiOperation({
    summary: 'Rooms the caller may see',
    description: `The public rooms and the caller's own private ones, by name, with member counts; at most ${ROOM_LIST_MAX}.`,
  })
  @ApiOkResponse({ type: RoomListDto })
  @ApiErrors(INVALID_BODY)
  public async list(@CurrentUser() user: Actor, @Query() query: RoomSearchQueryDto): Promise<RoomListDto> {
    return { rooms: await this.rooms.list(user, query.search) };
  }

  @Post('rooms')
  @HttpCode(HttpStatus.CREATED)
  @Authenticated()
  @ApiOperation({
    summary: 'Create a room',
    description:
      `The caller owns it and is its first member. A user owns at most ${MAX_ROOMS_OWNED} rooms and is in at most ` +
      `${MAX_ROOMS_JOINED}; creating rooms and inviting are rate-limited together.`,
  })
  @ApiCreatedResponse({ type: RoomDto })
  @ApiErrors(INVALID_BODY, INVALID_ROOM, 'ROOM_EXISTS', 'QUOTA_EXCEEDED', 'RATE_LIMITED')
  public create(@CurrentUser() user: Actor, @Body() body: CreateRoomDto): Promise<RoomDto> {
    return this.rooms.create(user, body);
  }

  @Get('rooms/:name')
  @Authenticated()
  @NAME
  @ApiOperation({
    summary: 'One room',
    description: 'A private room is `NO_SUCH_ROOM` to all but its members and admins.',
  })
  @ApiOkResponse({ type: RoomDto })
  @ApiErrors(INVALID_ROOM, NO_SUCH_ROOM)
  public get(@CurrentUser() user: Actor, @Param('name') name: string): Promise<RoomDto> {
    return this.rooms.get(user, roomOf(name));
  }

  @Post('rooms/:name/join')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @NAME
  @ApiOperation({
    summary: 'Join a room',
    description:
      'A public room, or a private one the caller was invited to. Its members get `room.joined`; joining again changes nothing.',
  })
  @ApiOkResponse({ type: RoomDto })
  @ApiErrors(INVALID_ROOM, NO_SUCH_ROOM, {
    code: 'BANNED_FROM_ROOM',
    message: 'You are banned from #dev',
    details: { until: null, reason: 'spam' },
  })
  public join(@CurrentUser() user: Actor, @Param('name') name: string): Promise<RoomDto> {
    return this.rooms.join(user, roomOf(name));
  }

  @Post('rooms/:name/leave')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @NAME
  @ApiOperation({
    summary: 'Leave a room',
    description: 'Its members and the caller’s connections get `room.left`.',
  })
  @ApiOkResponse({ type: RoomRefDto })
  @ApiErrors(INVALID_ROOM, NO_SUCH_ROOM, 'NOT_IN_ROOM')
  public leave(@CurrentUser() user: Actor, @Param('name') name: string): Promise<RoomRefDto> {
    return this.rooms.leave(user, roomOf(name));
  }

  @Post('rooms/:name/invite')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @NAME
  @ApiOperation({
    summary: 'Invite a user',
    description:
      'Members of a private room may invite (then the user may join it); anyone may invite to a public one. The user gets `room.invited`.',
  })
  @ApiOkResponse({ type: RoomUserDto })
  @ApiErrors(INVALID_BODY, INVALID_ROOM, NO_SUCH_ROOM, NO_SUCH_USER, 'BANNED_FROM_ROOM', 'RATE_LIMITED')
  public invite(
    @CurrentUser() user: Actor,
    @Param('name') name: string,
    @Body() body: InviteDto,
  ): Promise<RoomUserDto> {
    return this.rooms.invite(user, roomOf(name), body.user);
  }

  @Get('rooms/:name/members')
  @Authenticated()
  @NAME
  @ApiOperation({ summary: 'Members of a room', description: 'Who is in it, and who of them is online.' })
  @ApiOkResponse({ type: RoomMembersDto })
  @ApiErrors(INVALID_ROOM, NO_SUCH_ROOM)
  public members(@CurrentUser() user: Actor, @Param('name') name: string): Promise<RoomMembersDto> {
    return this.rooms.members(user, roomOf(name));
  }

  @Put('rooms/:name/topic')
  @Authenticated()
  @NAME
  @ApiOperation({
    summary: 'Set the topic',
    description: 'The owner or an admin. The members get `room.topic`.',
  })
  @ApiOkResponse({ type: RoomDto })
  @ApiErrors(INVALID_BODY, INVALID_ROOM, NO_SUCH_ROOM, NOT_OWNER)
  public topic(
    @CurrentUser() user: Actor,
    @Param('name') name: string,
    @Body() body: TopicDto,
  ): Promise<RoomDto> {
    return this.rooms.setTopic(user, roomOf(name), body.topic);
  }

  @Delete('rooms/:name')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  @NAME
  @ApiOperation({
    summary: 'Delete a room',
    description:
      'The owner or an admin. Its members get `room.deleted`; its memberships go with it, its history becomes unreachable. Audited (`room.delete`).',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(INVALID_ROOM, NO_SUCH_ROOM, NOT_OWNER)
  public async delete(@CurrentUser() user: Actor, @Param('name') name: string): Promise<void> {
    await this.rooms.delete(user, roomOf(name));
  }

  @Delete('rooms/:name/members/:username')
  @Authenticated()
  @NAME
  @USERNAME
  @ApiOperation({
    summary: 'Remove a member',
    description:
      'The owner or an admin: the user gets `room.kicked`, the members `room.left`. With `ban`, the user may not join again ' +
      '(for `minutes`, or until lifted). Audited (`room.kick` or `room.ban`).',
  })
  @ApiOkResponse({ type: RoomRemovalDto })
  @ApiErrors(INVALID_BODY, INVALID_ROOM, NO_SUCH_ROOM, NOT_OWNER, NO_SUCH_USER, 'NOT_IN_ROOM')
  public remove(
    @CurrentUser() user: Actor,
    @Param('name') name: string,
    @Param('username') username: string,
    @Query() query: RemoveMemberQueryDto,
  ): Promise<RoomRemovalDto> {
    return this.rooms.kick(user, roomOf(name), username, query);
  }

  @Delete('rooms/:name/bans/:username')
  @Authenticated()
  @NAME
  @USERNAME
  @ApiOperation({ summary: 'Lift a room ban', description: 'The owner or an admin. Audited (`room.unban`).' })
  @ApiOkResponse({ type: RoomUserDto })
  @ApiErrors(INVALID_ROOM, NO_SUCH_ROOM, NOT_OWNER, NO_SUCH_USER)
  public unban(
    @CurrentUser() user: Actor,
    @Param('name') name: string,
    @Param('username') username: string,
  ): Promise<RoomUserDto> {
    return this.rooms.unban(user, roomOf(name), username);
  }

  @Get('admin/rooms')
  @AdminOnly()
  @ApiOperation({
    summary: 'Every room',
    description: 'Private ones too, by name, with owners and member counts.',
  })
  @ApiOkResponse({ type: AdminRoomPageDto })
  @ApiErrors(INVALID_BODY)
  public async listAll(
    @CurrentUser() admin: Actor,
    @Query() query: AdminRoomsQueryDto,
  ): Promise<AdminRoomPageDto> {
    const page = await this.rooms.listAll(admin, query);
    return {
      items: page.items.map(AdminRoomDto.from),
      total: page.total,
      offset: query.offset ?? 0,
      limit: query.limit ?? page.items.length,
    };
  }
}
