import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

import { MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from '@chat/protocol';

/**
 * A new account. The name and password rules are the protocol's (AuthService checks them, with the
 * protocol's codes INVALID_USERNAME and WEAK_PASSWORD); this DTO only checks the types.
 */
export class RegisterDto {
  /** 3 to 32 characters of A-Z a-z 0-9 _ . -; unique without regard to case. */
  @ApiProperty({ pattern: USERNAME_PATTERN.source, minLength: 3, maxLength: 32, example: 'alice' })
  @IsString()
  @MaxLength(256)
  public username!: string;

  /** At least 8 characters. */
  @ApiProperty({
    minLength: MIN_PASSWORD_LENGTH,
    maxLength: 1024,
    format: 'password',
    example: 'correct horse',
  })
  @IsString()
  @MaxLength(1024)
  public password!: string;
}
