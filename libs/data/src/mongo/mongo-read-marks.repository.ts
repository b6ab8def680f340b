import type { Model } from 'mongoose';

import type { ReadMarksRepository, UnreadRow } from '../repositories';
import { DURABLE, MessageDoc, ReadMarkDoc } from './mongo.schemas';

export class MongoReadMarksRepository implements ReadMarksRepository {
  constructor(
    private readonly marks: Model<ReadMarkDoc>,
    private readonly messages: Model<MessageDoc>,
  ) {}

  public async mark(username: string, conversation: string, seq: number): Promise<number> {
    const doc = await this.marks
      .findOneAndUpdate(
        { usernameLower: username.toLowerCase(), conversation },
        { $max: { seq } },
        { upsert: true, returnDocument: 'after', writeConcern: DURABLE },
      )
      .lean<ReadMarkDoc>()
      .exec();
    return doc?.seq ?? seq;
  }

  public async markOf(username: string, conversation: string): Promise<number | null> {
    const doc = await this.marks
      .findOne({ usernameLower: username.toLowerCase(), conversation })
      .lean<ReadMarkDoc>()
      .exec();
    return doc?.seq ?? null;
  }

  public async unread(username: string, others: readonly string[], cap: number): Promise<UnreadRow[]> {
    const user = username.toLowerCase();
    const [marks, mine] = await Promise.all([
      this.marks.find({ usernameLower: user }).lean<ReadMarkDoc[]>().exec(),
      this.messages.distinct('conversation', { participantsLower: user }).exec() as Promise<string[]>,
    ]);
    const markOf = new Map(marks.map((m) => [m.conversation, m.seq]));
    const counted = [
      ...mine.map((conversation) => ({ conversation, after: markOf.get(conversation) ?? 0 })),
      ...others.flatMap((conversation) => {
        const after = markOf.get(conversation);
        return after === undefined ? [] : [{ conversation, after }];
      }),
    ];
    const counts = await Promise.all(
      counted.map(({ conversation, after }) =>
        this.messages
          .countDocuments({ conversation, seq: { $gt: after }, update: null }, { limit: cap })
          .exec(),
      ),
    );
    return counted
      .map(({ conversation }, i) => ({ conversation, count: counts[i] }))
      .filter((row) => row.count > 0);
  }

  public async marksOf(conversation: string): Promise<Array<{ username: string; seq: number }>> {
    const docs = await this.marks.find({ conversation }).lean<ReadMarkDoc[]>().exec();
    return docs.map((d) => ({ username: d.usernameLower, seq: d.seq }));
  }
}
