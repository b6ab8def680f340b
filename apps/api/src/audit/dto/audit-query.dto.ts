import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { PageQueryDto } from '../../common/dto/page-query.dto';

export class AuditQueryDto extends PageQueryDto {
  /** Only what this admin did. */
  @ApiPropertyOptional({ maxLength: 64, example: 'admin' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  public actor?: string;

  /** Only what was done to this user. */
  @ApiPropertyOptional({ maxLength: 64, example: 'bob' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  public target?: string;
}
