import { ApiProperty } from '@nestjs/swagger';

import type { AuthResult } from '@chat/core';

import { UserSummaryDto } from './user-summary.dto';

/** A JWT for `Authorization: Bearer ...` here and for the protocol's `login` with `token` over TCP. */
export class LoginResponseDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  public accessToken!: string;

  public user!: UserSummaryDto;

  public static from(result: AuthResult): LoginResponseDto {
    return { accessToken: result.token, user: UserSummaryDto.from(result.user) };
  }
}
