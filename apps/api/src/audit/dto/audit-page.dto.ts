import { ApiProperty } from '@nestjs/swagger';

import { AuditEntryDto } from './audit-entry.dto';

/** One page of the audit log, newest first. */
export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  public items!: AuditEntryDto[];

  /** How many entries match, over all pages. */
  @ApiProperty({ example: 1 })
  public total!: number;

  @ApiProperty({ example: 0 })
  public offset!: number;

  @ApiProperty({ example: 50 })
  public limit!: number;
}
