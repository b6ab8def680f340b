import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import { AccountCareService, Actor } from '@chat/core';

import { AdminOnly } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrorExample, ApiErrors, INVALID_BODY } from '../common/api-errors.decorator';
import { DeletedAccountDto } from './dto/deleted-account.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';

const NO_SUCH_USER: ApiErrorExample = { code: 'NO_SUCH_USER', message: 'No such user: ghost' };
const USERNAME = ApiParam({ name: 'username', description: 'The account, in any case', example: 'bob' });

/** Admins' care of other users' accounts: a new password, or the account deleted. Both audited. */
@ApiTags('moderation')
@AdminOnly()
@Controller('admin/users')
export class AccountCareHttpController {
  constructor(private readonly care: AccountCareService) {}

  @Post(':username/password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @USERNAME
  @ApiOperation({
    summary: "Set a user's password",
    description:
      'The old password stops working, and so does every token of the user: every session ends and every connection of theirs gets `kicked` ("Your password was reset by an admin"). Audited (`password-reset`).',
  })
  @ApiNoContentResponse({ description: 'The password is set' })
  @ApiErrors(
    { ...INVALID_BODY, message: 'password must be a string', details: { field: 'password' } },
    'WEAK_PASSWORD',
    {
      code: 'OWN_ACCOUNT',
      message: 'Not on your own account. Change your own password with POST /api/auth/password',
    },
    NO_SUCH_USER,
  )
  public async resetPassword(
    @CurrentUser() admin: Actor,
    @Param('username') username: string,
    @Body() body: ResetPasswordDto,
  ): Promise<void> {
    await this.care.resetPassword(admin, username, body.password);
  }

  @Delete(':username')
  @USERNAME
  @ApiOperation({
    summary: 'Delete an account',
    description:
      'The user can no longer log in and their sessions end (`kicked`, "Your account was deleted"). Their messages stay, shown as sent by "deleted user"; their files go, but those a message carries, a music track plays, or that belong to such a file; they leave their rooms. The name stays reserved: no one can register it again. Audited (`account-delete`).',
  })
  @ApiOkResponse({ type: DeletedAccountDto })
  @ApiErrors(
    'OWN_ACCOUNT',
    {
      code: 'ACCOUNT_PROTECTED',
      message: '"admin" is the configured admin account (ADMIN_USER); it cannot be deleted',
    },
    {
      code: 'ACCOUNT_PROTECTED',
      name: 'LAST_ADMIN',
      message: '"root" is the last admin; it cannot be deleted',
    },
    NO_SUCH_USER,
  )
  public async deleteAccount(
    @CurrentUser() admin: Actor,
    @Param('username') username: string,
  ): Promise<DeletedAccountDto> {
    return DeletedAccountDto.from(await this.care.deleteAccount(admin, username));
  }
}
