import { ApiProperty } from '@nestjs/swagger';

import type { Restriction } from '@chat/data';

/** A ban or a mute in force. */
export class RestrictionDto {
  @ApiProperty({ type: String, nullable: true, example: 'spam' })
  public reason!: string | null;

  /** The admin who imposed it. */
  @ApiProperty({ example: 'admin' })
  public by!: string;

  /** When it was imposed. */
  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  public at!: string;

  /** When it ends by itself; null: until lifted. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-22T11:00:00.000Z' })
  public until!: string | null;

  public static from(r: Restriction): RestrictionDto {
    return {
      reason: r.reason,
      by: r.by,
      at: r.at.toISOString(),
      until: r.until ? r.until.toISOString() : null,
    };
  }
}
