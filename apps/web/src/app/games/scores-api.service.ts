import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { PostedScore, Scoreboard } from '../core/api/api.types';

/** The Snake leaderboard on the server (`/api/games/snake/scores`). */
@Injectable({ providedIn: 'root' })
export class ScoresApi {
  private readonly http = inject(HttpClient);

  /** The top 10 and the caller's own best. */
  public snake(): Promise<Scoreboard> {
    return firstValueFrom(this.http.get<Scoreboard>('/api/games/snake/scores'));
  }

  /** Posts the score of a game just over; answers the leaderboard with it counted. */
  public postSnake(score: number): Promise<PostedScore> {
    return firstValueFrom(this.http.post<PostedScore>('/api/games/snake/scores', { score }));
  }
}
