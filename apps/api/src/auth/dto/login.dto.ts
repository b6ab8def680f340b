import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

import { MAX_PASSWORD_LENGTH, MAX_USERNAME_INPUT_LENGTH } from '@chat/protocol';

/** Credentials; the same as the protocol's `login` frame. */
export class LoginDto {
  /** The user name, in any case. */
  @ApiProperty({ maxLength: MAX_USERNAME_INPUT_LENGTH, example: 'admin' })
  @IsString()
  @MaxLength(MAX_USERNAME_INPUT_LENGTH)
  public username!: string;

  @ApiProperty({ maxLength: MAX_PASSWORD_LENGTH, format: 'password', example: 'admin-password-123' })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  public password!: string;
}
