import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import { AccountService, Actor } from '@chat/core';

import { ApiErrors, INVALID_BODY } from '../common/api-errors.decorator';
import { Authenticated } from './authenticated.decorator';
import { CurrentUser } from './current-user.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginResponseDto } from './dto/login-response.dto';
import { SessionDto } from './dto/session.dto';

/**
 * The caller's own sessions: a new password, the list of sessions, ending one, or signing out
 * everywhere.
 */
@ApiTags('auth')
@Controller('auth')
export class AccountHttpController {
  constructor(private readonly account: AccountService) {}

  @Post('password')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Change the password',
    description:
      "Every token issued before stops working, here and for the protocol's `login`; every other session of the caller ends, its connections get `kicked` and are closed. Answers a fresh token of this session, whose connections stay.",
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrors(
    { ...INVALID_BODY, message: 'newPassword must be a string', details: { field: 'newPassword' } },
    { code: 'BAD_CREDENTIALS', message: 'Wrong user name or password', name: 'WRONG_PASSWORD' },
    'WEAK_PASSWORD',
  )
  public async changePassword(
    @CurrentUser() user: Actor,
    @Body() body: ChangePasswordDto,
  ): Promise<LoginResponseDto> {
    return LoginResponseDto.from(
      await this.account.changePassword(user, body.currentPassword, body.newPassword),
    );
  }

  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  @ApiOperation({
    summary: 'Log out everywhere',
    description:
      "Every token of the caller stops working, this one included; every connection of theirs gets `kicked` and is closed. As the protocol's `logout` with `everywhere`.",
  })
  @ApiNoContentResponse({ description: 'Signed out everywhere' })
  public logoutAll(@CurrentUser() user: Actor): Promise<void> {
    return this.account.signOutEverywhere(user);
  }

  @Get('sessions')
  @Authenticated()
  @ApiOperation({
    summary: 'List my sessions',
    description:
      'Every password log-in is a session; token log-ins renew it. The most recently used first; `current` marks the one of this request.',
  })
  @ApiOkResponse({ type: SessionDto, isArray: true })
  public async sessions(@CurrentUser() user: Actor): Promise<SessionDto[]> {
    return (await this.account.sessions(user)).map(SessionDto.from);
  }

  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  @ApiParam({ name: 'id', description: 'A session id from GET /api/auth/sessions' })
  @ApiOperation({
    summary: 'End a session',
    description:
      'Its tokens stop working, here and for the protocol\'s `login`; its connections get `kicked` ("This session was ended") and are closed. The current session may be ended too (a log-out).',
  })
  @ApiNoContentResponse({ description: 'The session is ended' })
  @ApiErrors('NO_SUCH_SESSION')
  public endSession(@CurrentUser() user: Actor, @Param('id') id: string): Promise<void> {
    return this.account.endSession(user, id);
  }
}
