import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

/** The highest score a game may claim: far beyond what a 24×24 board allows, a bound against junk. */
export const MAX_SCORE = 100_000;

export class PostScoreDto {
  /** Food eaten in the game just over, as the browser counted it (not checked: see the README). */
  @ApiProperty({ minimum: 0, maximum: MAX_SCORE, example: 17 })
  @IsInt({ message: 'score must be a whole number' })
  @Min(0)
  @Max(MAX_SCORE)
  public score!: number;
}
