import { ApiProperty } from '@nestjs/swagger';

import type { RankedScore } from '@chat/data';

/** A player's best score on the leaderboard: their place, and the first time they reached it. */
export class RankedScoreDto {
  /** 1 for the highest; equal scores are placed by who reached them first. */
  @ApiProperty({ minimum: 1, example: 3 })
  public rank!: number;

  /** The player's name as registered. */
  @ApiProperty({ example: 'alice' })
  public username!: string;

  @ApiProperty({ minimum: 0, example: 17 })
  public score!: number;

  /** When the player first reached this score. */
  @ApiProperty({ format: 'date-time', example: '2026-12-02T16:15:00.000Z' })
  public at!: string;

  public static from(s: RankedScore): RankedScoreDto {
    return { rank: s.rank, username: s.username, score: s.score, at: s.at.toISOString() };
  }
}
