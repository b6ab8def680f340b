import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** Credentials; the same as the protocol's `login` frame. */
export class LoginDto {
  /** The user name, in any case. */
  @ApiProperty({ maxLength: 256, example: 'admin' })
  @IsString()
  @MaxLength(256)
  public username!: string;

  @ApiProperty({ maxLength: 1024, format: 'password', example: 'admin-password-123' })
  @IsString()
  @MaxLength(1024)
  public password!: string;
}
