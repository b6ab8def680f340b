import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@chat/protocol';

/** The password an admin sets for a user. */
export class ResetPasswordDto {
  /** At least 8 characters; the admin tells the user by other means. */
  @ApiProperty({
    minLength: MIN_PASSWORD_LENGTH,
    maxLength: MAX_PASSWORD_LENGTH,
    format: 'password',
    example: 'battery staple',
  })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  public password!: string;
}
