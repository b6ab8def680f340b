import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { MAX_REASON_LENGTH } from '@chat/protocol';

export class KickUserDto {
  /** Shown to the user and to everyone in the notice, and kept in the audit log. */
  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, example: 'take a break' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  public reason?: string;
}
