import { ApiProperty } from '@nestjs/swagger';

import { RankedScoreDto } from './ranked-score.dto';

/** The leaderboard as the caller sees it: the top ten, and where the caller stands. */
export class ScoreboardDto {
  /** Each player's best, highest first; at most 10. */
  @ApiProperty({ type: [RankedScoreDto] })
  public top!: RankedScoreDto[];

  /** The caller's best with its rank (they may be below the top ten); null before their first score. */
  @ApiProperty({ type: RankedScoreDto, nullable: true })
  public best!: RankedScoreDto | null;
}

/** The answer to a posted score: the leaderboard with it counted. */
export class PostedScoreDto extends ScoreboardDto {
  /** The score just posted (the caller's best may be an earlier, higher one). */
  @ApiProperty({ minimum: 0, example: 17 })
  public score!: number;
}
