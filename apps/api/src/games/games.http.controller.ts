import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Actor } from '@chat/core';

import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { MAX_SCORE, PostScoreDto } from './dto/post-score.dto';
import { PostedScoreDto, ScoreboardDto } from './dto/scoreboard.dto';
import { GamesService, SCORE_BURST, SCORES_PER_MINUTE } from './games.service';

@ApiTags('games')
@Controller('games')
export class GamesHttpController {
  constructor(private readonly games: GamesService) {}

  @Get('snake/scores')
  @Authenticated()
  @ApiOperation({
    summary: 'The Snake leaderboard',
    description:
      "Each player's best score, highest first (equal ones by who reached them first), the top 10, " +
      "and the caller's own best with its rank.",
  })
  @ApiOkResponse({ type: ScoreboardDto })
  public snakeScores(@CurrentUser() user: Actor): Promise<ScoreboardDto> {
    return this.games.board(user, 'snake');
  }

  @Post('snake/scores')
  @HttpCode(HttpStatus.CREATED)
  @Authenticated()
  @ApiOperation({
    summary: 'Post a Snake score',
    description:
      'The score of a game just over, as the browser counted it: only its range and the rate are checked ' +
      `(${SCORE_BURST} in a row, then ${SCORES_PER_MINUTE} a minute per user), so the board is not cheat-proof. ` +
      'Answers the leaderboard with it counted.',
  })
  @ApiCreatedResponse({ type: PostedScoreDto })
  @ApiErrors(
    { code: 'INVALID', message: 'score must be a whole number', details: { field: 'score' } },
    {
      code: 'INVALID',
      name: 'SCORE_TOO_HIGH',
      message: `score must not be greater than ${MAX_SCORE}`,
      details: { field: 'score' },
    },
    {
      code: 'RATE_LIMITED',
      message: `At most ${SCORE_BURST} scores in a row, then ${SCORES_PER_MINUTE} a minute; try again in 6 s`,
      details: { retryAfterMs: 6000 },
    },
  )
  public postSnakeScore(@CurrentUser() user: Actor, @Body() body: PostScoreDto): Promise<PostedScoreDto> {
    return this.games.post(user, 'snake', body.score);
  }
}
