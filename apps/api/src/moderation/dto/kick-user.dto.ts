import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class KickUserDto {
  /** Shown to the user and to everyone in the notice, and kept in the audit log. */
  @ApiPropertyOptional({ maxLength: 500, example: 'take a break' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  public reason?: string;
}
