import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { MAX_REASON_LENGTH } from '@chat/protocol';

export class RevokeTokensDto {
  /** Shown to the user as their sessions end, and kept in the audit log. */
  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, example: 'lost phone' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  public reason?: string;
}
