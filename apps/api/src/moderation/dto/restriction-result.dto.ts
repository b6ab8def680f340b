import { ApiProperty } from '@nestjs/swagger';

import { Restricted, untilIso } from '@chat/core';

/** A ban or mute just imposed: the protocol's `ok` reply, with the reason. */
export class RestrictionResultDto {
  /** The user's name as registered. */
  @ApiProperty({ example: 'bob' })
  public user!: string;

  /** When it ends by itself; null: until lifted. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-22T11:00:00.000Z' })
  public until!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'spam' })
  public reason!: string | null;

  /**
   * Whether the edge was told at once. False when its control channel could not be reached: the
   * ban or mute is stored all the same, and the edge applies it at the user's next send or log-in.
   */
  @ApiProperty({ example: true })
  public live!: boolean;

  public static from({ user, restriction, live }: Restricted): RestrictionResultDto {
    return { user: user.username, until: untilIso(restriction), reason: restriction.reason, live };
  }
}
