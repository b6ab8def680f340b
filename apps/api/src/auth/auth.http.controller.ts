import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AuthService } from '@chat/core';

import { ApiErrors, INVALID_BODY } from '../common/api-errors.decorator';
import { ClientAddress, UserAgent } from './client-address.decorator';
import { LoginDto } from './dto/login.dto';
import { LoginResponseDto } from './dto/login-response.dto';
import { RegisterDto } from './dto/register.dto';
import { UserSummaryDto } from './dto/user-summary.dto';
import { Public } from './public.decorator';

/** The hashing queue is full (LoginThrottle). */
const BUSY = {
  code: 'SERVER_BUSY',
  message: 'Too many log-ins at once; try again shortly',
  details: { retryAfterMs: 1_000 },
} as const;

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthHttpController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @ApiOperation({ summary: 'Create an account', description: "The same rules as the protocol's `register`." })
  @ApiCreatedResponse({ type: UserSummaryDto })
  @ApiErrors(
    { ...INVALID_BODY, message: 'password must be a string', details: { field: 'password' } },
    'INVALID_USERNAME',
    'WEAK_PASSWORD',
    'USER_EXISTS',
    {
      code: 'USER_EXISTS',
      name: 'LOOKALIKE',
      message: '"aIice" looks like the existing name "alice"; choose another',
    },
    {
      code: 'RATE_LIMITED',
      message: 'Too many accounts created from your address; try again in 180 s',
      details: { retryAfterMs: 180_000 },
    },
    BUSY,
  )
  public async register(
    @Body() body: RegisterDto,
    @ClientAddress() address: string,
  ): Promise<UserSummaryDto> {
    return UserSummaryDto.from(await this.auth.register(body.username, body.password, 'user', address));
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in and get a JWT',
    description:
      "The token works here (`Authorization: Bearer`) and for the protocol's `login` with `token` over TCP.",
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrors(
    { ...INVALID_BODY, message: 'username must be a string', details: { field: 'username' } },
    'BAD_CREDENTIALS',
    {
      code: 'BANNED',
      message: 'You are banned until 2026-12-01T10:00:00.000Z',
      details: { until: '2026-12-01T10:00:00.000Z', reason: 'spam' },
    },
    {
      code: 'RATE_LIMITED',
      message: 'Too many failed log-ins to this account; try again in 4 s',
      details: { retryAfterMs: 4_000 },
    },
    BUSY,
  )
  public async login(
    @Body() body: LoginDto,
    @ClientAddress() address: string,
    @UserAgent() userAgent?: string,
  ): Promise<LoginResponseDto> {
    const client = { transport: 'http', address, userAgent } as const;
    return LoginResponseDto.from(await this.auth.login(body.username, body.password, client));
  }
}
