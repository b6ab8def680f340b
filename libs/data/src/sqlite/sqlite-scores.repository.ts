import type { Database, Statement } from 'better-sqlite3';

import type { GameName, NewScore, RankedScore, ScoreRecord, ScoresRepository } from '../repositories';

interface ScoreRow {
  id: number;
  game: GameName;
  username: string;
  score: number;
  at: number;
}

/** Each player's best score of a game: their highest, the first time they reached it. */
const BESTS = `bests AS (
  SELECT id, username, score, at,
    row_number() OVER (PARTITION BY username ORDER BY score DESC, at, id) AS nth
  FROM scores WHERE game = @game
)`;

export class SqliteScoresRepository implements ScoresRepository {
  private readonly insert: Statement<[Omit<ScoreRow, 'id'>]>;
  private readonly topStatement: Statement<[{ game: GameName; limit: number }], RankedScore & { at: number }>;
  private readonly bestStatement: Statement<[{ game: GameName; username: string }], ScoreRow>;
  private readonly aheadStatement: Statement<[ScoreRow], { n: number }>;

  constructor(db: Database) {
    this.insert = db.prepare(`INSERT INTO scores (game, username, score, at)
      VALUES (@game, @username, @score, @at)`);
    this.topStatement = db.prepare(`WITH ${BESTS}
      SELECT row_number() OVER (ORDER BY score DESC, at, id) AS rank, username, score, at
      FROM bests WHERE nth = 1 ORDER BY rank LIMIT @limit`);
    this.bestStatement = db.prepare(`SELECT id, game, username, score, at FROM scores
      WHERE game = @game AND username = @username ORDER BY score DESC, at, id LIMIT 1`);
    this.aheadStatement = db.prepare(`WITH ${BESTS}
      SELECT count(*) AS n FROM bests
      WHERE nth = 1 AND (score > @score OR (score = @score AND (at < @at OR (at = @at AND id < @id))))`);
  }

  public async add(score: NewScore): Promise<ScoreRecord> {
    const row = {
      game: score.game,
      username: score.username,
      score: score.score,
      at: (score.at ?? new Date()).getTime(),
    };
    const id = Number(this.insert.run(row).lastInsertRowid);
    return { ...row, id: String(id), at: new Date(row.at) };
  }

  public async top(game: GameName, limit: number): Promise<RankedScore[]> {
    if (limit <= 0) return [];
    return this.topStatement.all({ game, limit }).map((row) => ({ ...row, at: new Date(row.at) }));
  }

  public async best(game: GameName, username: string): Promise<RankedScore | null> {
    const best = this.bestStatement.get({ game, username });
    if (!best) return null;
    const ahead = this.aheadStatement.get(best)!.n;
    return { rank: ahead + 1, username: best.username, score: best.score, at: new Date(best.at) };
  }
}
