import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AccountService, Actor } from '@chat/core';

import { ApiErrors, INVALID_BODY } from '../common/api-errors.decorator';
import { Authenticated } from './authenticated.decorator';
import { CurrentUser } from './current-user.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginResponseDto } from './dto/login-response.dto';

/** The caller's own sessions: a new password, or signing out everywhere. Both void every earlier token. */
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
      "Every token issued before stops working, here and for the protocol's `login`; every connection of the caller gets `kicked` and is closed. Answers a fresh token.",
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
}
