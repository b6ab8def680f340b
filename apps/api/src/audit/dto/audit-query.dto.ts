import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { AUDIT_ACTIONS, AuditAction, MAX_SEARCH_LENGTH } from '@chat/protocol';

import { PageQueryDto } from '../../common/dto/page-query.dto';

export class AuditQueryDto extends PageQueryDto {
  /** Only what this admin did. */
  @ApiPropertyOptional({ maxLength: MAX_SEARCH_LENGTH, example: 'admin' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_LENGTH)
  public actor?: string;

  /** Only what was done to this user. */
  @ApiPropertyOptional({ maxLength: MAX_SEARCH_LENGTH, example: 'bob' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_LENGTH)
  public target?: string;

  /** Only this action, e.g. every ban. */
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, enumName: 'AuditAction', example: 'ban' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  public action?: AuditAction;
}
