import type { Model, QueryFilter, Types } from 'mongoose';

import { pageWindow } from '../paging';
import type { AuditEntry, AuditRepository, NewAuditEntry, Page } from '../repositories';
import { AuditDoc } from './mongo.schemas';

type StoredAudit = AuditDoc & { _id: Types.ObjectId };
type AuditQuery = Parameters<AuditRepository['list']>[0];

export class MongoAuditRepository implements AuditRepository {
  constructor(private readonly model: Model<AuditDoc>) {}

  public async add(entry: NewAuditEntry): Promise<AuditEntry> {
    const doc: AuditDoc = {
      at: entry.at ?? new Date(),
      actor: entry.actor,
      actorLower: entry.actor.toLowerCase(),
      action: entry.action,
      target: entry.target,
      targetLower: entry.target?.toLowerCase() ?? null,
      reason: entry.reason,
      details: entry.details ?? {},
    };
    const created = await this.model.create(doc);
    return toEntry({ ...doc, _id: created._id });
  }

  public async list(query: AuditQuery): Promise<Page<AuditEntry>> {
    const { offset, limit } = pageWindow(query);
    const filter: QueryFilter<AuditDoc> = {};
    if (query.actor !== undefined) filter.actorLower = query.actor.toLowerCase();
    if (query.target !== undefined) filter.targetLower = query.target.toLowerCase();
    if (query.action !== undefined) filter.action = query.action;
    const [docs, total] = await Promise.all([
      limit === 0
        ? []
        : this.model
            .find(filter)
            .sort({ at: -1, _id: -1 })
            .skip(offset)
            .limit(limit)
            .lean<StoredAudit[]>()
            .exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { items: docs.map(toEntry), total };
  }
}

function toEntry(doc: StoredAudit): AuditEntry {
  return {
    id: doc._id.toHexString(),
    at: doc.at,
    actor: doc.actor,
    action: doc.action,
    target: doc.target ?? null,
    reason: doc.reason ?? null,
    details: doc.details ?? {},
  };
}
