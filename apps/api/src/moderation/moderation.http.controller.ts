import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import { Actor, ModerationService } from '@chat/core';

import { AdminOnly } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { UserSummaryDto } from '../auth/dto/user-summary.dto';
import { ApiErrorExample, ApiErrors, INVALID_BODY } from '../common/api-errors.decorator';
import { AnnounceDto } from './dto/announce.dto';
import { KickUserDto } from './dto/kick-user.dto';
import { RestrictUserDto } from './dto/restrict-user.dto';
import { RestrictionResultDto } from './dto/restriction-result.dto';
import { RevokeTokensDto } from './dto/revoke-tokens.dto';
import { SetRoleDto } from './dto/set-role.dto';
import { UserRefDto } from './dto/user-ref.dto';

const NO_SUCH_USER: ApiErrorExample = { code: 'NO_SUCH_USER', message: 'No such user: ghost' };
const SELF: ApiErrorExample = { code: 'FORBIDDEN', message: 'An admin cannot act on itself', name: 'SELF' };
const USERNAME = ApiParam({
  name: 'username',
  description: 'The user acted on, in any case',
  example: 'bob',
});

/**
 * Kick, ban, mute, roles and announcements: the same ModerationService as the edge's moderation
 * frames, so the effect on live connections, the notices and the audit log are the same.
 */
@ApiTags('moderation')
@AdminOnly()
@Controller('admin')
export class ModerationHttpController {
  constructor(private readonly moderation: ModerationService) {}

  @Post('users/:username/ban')
  @HttpCode(HttpStatus.OK)
  @AdminOnly()
  @USERNAME
  @ApiOperation({
    summary: 'Ban a user',
    description:
      'Timed (`minutes`) or until lifted. Every connection of the user gets `banned` and is closed; log-in fails with `BANNED` until it ends, and the tokens issued before stay void after it. Everyone gets a `notice`.',
  })
  @ApiOkResponse({ type: RestrictionResultDto })
  @ApiErrors(INVALID_BODY, NO_SUCH_USER, SELF)
  public async ban(
    @CurrentUser() admin: Actor,
    @Param('username') username: string,
    @Body() body: RestrictUserDto,
  ): Promise<RestrictionResultDto> {
    return RestrictionResultDto.from(await this.moderation.ban(admin, username, body));
  }

  @Delete('users/:username/ban')
  @AdminOnly()
  @USERNAME
  @ApiOperation({ summary: 'Lift a ban', description: 'Everyone gets a `notice`.' })
  @ApiOkResponse({ type: UserRefDto })
  @ApiErrors(NO_SUCH_USER, SELF)
  public async unban(@CurrentUser() admin: Actor, @Param('username') username: string): Promise<UserRefDto> {
    return UserRefDto.from(await this.moderation.unban(admin, username));
  }

  @Post('users/:username/mute')
  @HttpCode(HttpStatus.OK)
  @AdminOnly()
  @USERNAME
  @ApiOperation({
    summary: 'Mute a user',
    description:
      "Timed (`minutes`) or until lifted. The user's connections get `muted`; `send` fails with `MUTED` until it ends. Everyone gets a `notice`.",
  })
  @ApiOkResponse({ type: RestrictionResultDto })
  @ApiErrors(INVALID_BODY, NO_SUCH_USER, SELF)
  public async mute(
    @CurrentUser() admin: Actor,
    @Param('username') username: string,
    @Body() body: RestrictUserDto,
  ): Promise<RestrictionResultDto> {
    return RestrictionResultDto.from(await this.moderation.mute(admin, username, body));
  }

  @Delete('users/:username/mute')
  @AdminOnly()
  @USERNAME
  @ApiOperation({
    summary: 'Lift a mute',
    description: "The user's connections get `unmuted`; everyone gets a `notice`.",
  })
  @ApiOkResponse({ type: UserRefDto })
  @ApiErrors(NO_SUCH_USER, SELF)
  public async unmute(@CurrentUser() admin: Actor, @Param('username') username: string): Promise<UserRefDto> {
    return UserRefDto.from(await this.moderation.unmute(admin, username));
  }

  @Post('users/:username/kick')
  @HttpCode(HttpStatus.OK)
  @AdminOnly()
  @USERNAME
  @ApiOperation({
    summary: 'Kick a user',
    description:
      'Every connection of the user gets `kicked` and is closed; the user may log in again. Everyone gets a `notice`.',
  })
  @ApiOkResponse({ type: UserRefDto })
  @ApiErrors(INVALID_BODY, NO_SUCH_USER, SELF)
  public async kick(
    @CurrentUser() admin: Actor,
    @Param('username') username: string,
    @Body() body: KickUserDto,
  ): Promise<UserRefDto> {
    return UserRefDto.from(await this.moderation.kick(admin, username, body));
  }

  @Post('users/:username/revoke-tokens')
  @HttpCode(HttpStatus.OK)
  @AdminOnly()
  @USERNAME
  @ApiOperation({
    summary: "Revoke a user's tokens",
    description:
      'Every token issued to the user stops working, here and for the protocol\'s `login`; every connection of theirs gets `kicked` (`reason`, else "Signed out by an admin") and is closed. They log in again with their password. Audited (`revoke-tokens`); no notice to everyone.',
  })
  @ApiOkResponse({ type: UserRefDto })
  @ApiErrors(INVALID_BODY, NO_SUCH_USER, SELF)
  public async revokeTokens(
    @CurrentUser() admin: Actor,
    @Param('username') username: string,
    @Body() body: RevokeTokensDto,
  ): Promise<UserRefDto> {
    return UserRefDto.from(await this.moderation.revokeTokens(admin, username, body));
  }

  @Patch('users/:username')
  @AdminOnly()
  @USERNAME
  @ApiOperation({
    summary: 'Promote or demote a user',
    description: 'Applies at once; the user gets a `notice`.',
  })
  @ApiOkResponse({ type: UserSummaryDto })
  @ApiErrors(
    {
      ...INVALID_BODY,
      message: 'role must be one of the following values: user, admin',
      details: { field: 'role' },
    },
    NO_SUCH_USER,
    SELF,
  )
  public async setRole(
    @CurrentUser() admin: Actor,
    @Param('username') username: string,
    @Body() body: SetRoleDto,
  ): Promise<UserSummaryDto> {
    return UserSummaryDto.from(await this.moderation.setRole(admin, username, body.role));
  }

  @Post('announce')
  @HttpCode(HttpStatus.NO_CONTENT)
  @AdminOnly()
  @ApiOperation({
    summary: 'Announce to everyone',
    description: 'Every logged-in connection gets a `notice` with the text.',
  })
  @ApiNoContentResponse({ description: 'Announced' })
  @ApiErrors({ ...INVALID_BODY, message: 'text should not be empty', details: { field: 'text' } })
  public announce(@CurrentUser() admin: Actor, @Body() body: AnnounceDto): Promise<void> {
    return this.moderation.announce(admin, body.text);
  }
}
