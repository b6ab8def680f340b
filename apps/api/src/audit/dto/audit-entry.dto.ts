import { ApiProperty } from '@nestjs/swagger';

import type { AuditEntry } from '@chat/data';
import { AUDIT_ACTIONS } from '@chat/protocol';

/** Who did what to whom, when and why. */
export class AuditEntryDto {
  @ApiProperty({ example: '42' })
  public id!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  public at!: string;

  /** The admin who acted. */
  @ApiProperty({ example: 'admin' })
  public actor!: string;

  /** What was done. */
  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction', example: 'ban' })
  public action!: string;

  /** The user acted on; null for announcements. */
  @ApiProperty({ type: String, nullable: true, example: 'bob' })
  public target!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'spam' })
  public reason!: string | null;

  /** Further facts: `until` for bans and mutes, `role` for role changes, `text` for announcements. */
  @ApiProperty({ type: 'object', additionalProperties: true, example: { until: '2026-11-22T11:00:00.000Z' } })
  public details!: Record<string, unknown>;

  public static from(e: AuditEntry): AuditEntryDto {
    return {
      id: e.id,
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      target: e.target,
      reason: e.reason,
      details: e.details,
    };
  }
}
