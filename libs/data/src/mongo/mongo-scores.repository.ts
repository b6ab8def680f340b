import type { Model, PipelineStage, Types } from 'mongoose';

import type { GameName, NewScore, RankedScore, ScoreRecord, ScoresRepository } from '../repositories';
import { ScoreDoc } from './mongo.schemas';

type StoredScore = ScoreDoc & { _id: Types.ObjectId };

/** One player's best, as the grouping below gives it. */
interface Best {
  username: string;
  score: number;
  at: Date;
  id: Types.ObjectId;
}

export class MongoScoresRepository implements ScoresRepository {
  constructor(private readonly model: Model<ScoreDoc>) {}

  public async add(score: NewScore): Promise<ScoreRecord> {
    const doc: ScoreDoc = {
      game: score.game,
      username: score.username,
      usernameLower: score.username.toLowerCase(),
      score: score.score,
      at: score.at ?? new Date(),
    };
    const created = await this.model.create(doc);
    return {
      id: created._id.toHexString(),
      game: doc.game,
      username: doc.username,
      score: doc.score,
      at: doc.at,
    };
  }

  public async top(game: GameName, limit: number): Promise<RankedScore[]> {
    if (limit <= 0) return [];
    const bests = await this.model
      .aggregate<Best>([...bestsOf(game), { $sort: { score: -1, at: 1, id: 1 } }, { $limit: limit }])
      .exec();
    return bests.map((best, i) => ({ rank: i + 1, username: best.username, score: best.score, at: best.at }));
  }

  public async best(game: GameName, username: string): Promise<RankedScore | null> {
    const best = await this.model
      .findOne({ game, usernameLower: username.toLowerCase() })
      .sort({ score: -1, at: 1, _id: 1 })
      .lean<StoredScore>()
      .exec();
    if (!best) return null;
    const [ahead] = await this.model
      .aggregate<{ n: number }>([
        ...bestsOf(game),
        {
          $match: {
            $or: [
              { score: { $gt: best.score } },
              { score: best.score, at: { $lt: best.at } },
              { score: best.score, at: best.at, id: { $lt: best._id } },
            ],
          },
        },
        { $count: 'n' },
      ])
      .exec();
    return { rank: (ahead?.n ?? 0) + 1, username: best.username, score: best.score, at: best.at };
  }
}

/** Each player's best score of `game`: their highest, the first time they reached it (one pass over the index). */
function bestsOf(game: GameName): PipelineStage[] {
  return [
    { $match: { game } },
    { $sort: { usernameLower: 1, score: -1, at: 1, _id: 1 } },
    {
      $group: {
        _id: '$usernameLower',
        username: { $first: '$username' },
        score: { $first: '$score' },
        at: { $first: '$at' },
        id: { $first: '$_id' },
      },
    },
  ];
}
