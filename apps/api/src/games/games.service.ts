import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';

import { Actor, TokenBuckets } from '@chat/core';
import { GameName, STORE, Store } from '@chat/data';
import { ChatError } from '@chat/protocol';

import { RankedScoreDto } from './dto/ranked-score.dto';
import { PostedScoreDto, ScoreboardDto } from './dto/scoreboard.dto';

/** Players on a leaderboard. */
export const TOP_SCORES = 10;
/** Scores a player may post in a row, then one every 6 s: more than a game of Snake lasts. */
export const SCORE_BURST = 10;
export const SCORES_PER_MINUTE = 10;

/**
 * The games' leaderboards. A score is what the browser claims (the game runs there): the server
 * checks only its range and how often a player posts one, so the board is for fun, not cheat-proof.
 */
@Injectable()
export class GamesService implements OnModuleDestroy {
  private readonly buckets = new TokenBuckets(SCORE_BURST, SCORES_PER_MINUTE / 60);
  private readonly sweeper = setInterval(() => this.buckets.sweep(), 60_000).unref();

  constructor(@Inject(STORE) private readonly store: Store) {}

  public onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  public async post(actor: Actor, game: GameName, score: number): Promise<PostedScoreDto> {
    const retryAfterMs = this.buckets.take(actor.username.toLowerCase());
    if (retryAfterMs > 0) {
      throw new ChatError(
        'RATE_LIMITED',
        `At most ${SCORE_BURST} scores in a row, then ${SCORES_PER_MINUTE} a minute; try again in ${Math.ceil(retryAfterMs / 1000)} s`,
        { retryAfterMs },
      );
    }
    await this.store.scores.add({ game, username: actor.username, score });
    return { score, ...(await this.board(actor, game)) };
  }

  public async board(actor: Actor, game: GameName): Promise<ScoreboardDto> {
    const [top, best] = await Promise.all([
      this.store.scores.top(game, TOP_SCORES),
      this.store.scores.best(game, actor.username),
    ]);
    return { top: top.map(RankedScoreDto.from), best: best && RankedScoreDto.from(best) };
  }
}
