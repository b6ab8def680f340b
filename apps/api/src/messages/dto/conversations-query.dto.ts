import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { CONVERSATIONS_DEFAULT_LIMIT, CONVERSATIONS_MAX_LIMIT } from '@chat/protocol';

export class ConversationsQueryDto {
  /** How many conversations to return at most, the most recent ones. */
  @ApiPropertyOptional({
    minimum: 1,
    maximum: CONVERSATIONS_MAX_LIMIT,
    default: CONVERSATIONS_DEFAULT_LIMIT,
    example: CONVERSATIONS_DEFAULT_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(CONVERSATIONS_MAX_LIMIT)
  public limit?: number;
}
