import type { Database, Statement } from 'better-sqlite3';

import { pageWindow } from '../paging';
import type { AuditEntry, AuditRepository, NewAuditEntry, Page } from '../repositories';

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
  details: string;
}

type AuditQuery = Parameters<AuditRepository['list']>[0];

interface AuditParams {
  actor?: string;
  target?: string;
  action?: string;
}

/** A page query and its count for one combination of filters. */
interface FilteredStatements {
  page: Statement<[AuditParams & { limit: number; offset: number }], AuditRow>;
  count: Statement<[AuditParams], { n: number }>;
}

export class SqliteAuditRepository implements AuditRepository {
  private readonly insert: Statement<[Omit<AuditRow, 'id'>]>;
  /**
   * One statement pair per combination of filters, each able to use its own index; an
   * `(@actor IS NULL OR actor = @actor)` catch-all would scan the whole log instead.
   */
  private readonly filtered = new Map<string, FilteredStatements>();

  constructor(private readonly db: Database) {
    this.insert = db.prepare(`INSERT INTO audit (at, actor, action, target, reason, details)
      VALUES (@at, @actor, @action, @target, @reason, @details)`);
  }

  public async add(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = {
      at: (entry.at ?? new Date()).getTime(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      reason: entry.reason,
      details: JSON.stringify(entry.details ?? {}),
    };
    const id = Number(this.insert.run(row).lastInsertRowid);
    return toEntry({ id, ...row });
  }

  public async list(query: AuditQuery): Promise<Page<AuditEntry>> {
    const { offset, limit } = pageWindow(query);
    const params: AuditParams = {};
    if (query.actor !== undefined) params.actor = query.actor;
    if (query.target !== undefined) params.target = query.target;
    if (query.action !== undefined) params.action = query.action;
    const statements = this.statementsFor(params);
    const items = limit === 0 ? [] : statements.page.all({ ...params, limit, offset }).map(toEntry);
    return { items, total: statements.count.get(params)!.n };
  }

  private statementsFor(params: AuditParams): FilteredStatements {
    const key = Object.keys(params).sort().join(',');
    let statements = this.filtered.get(key);
    if (!statements) {
      statements = this.prepareFiltered(params);
      this.filtered.set(key, statements);
    }
    return statements;
  }

  private prepareFiltered(params: AuditParams): FilteredStatements {
    const conditions = Object.keys(params).map((column) => `${column} = @${column}`);
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    return {
      page: this.db.prepare(`SELECT id, at, actor, action, target, reason, details FROM audit ${where}
        ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`),
      count: this.db.prepare(`SELECT count(*) AS n FROM audit ${where}`),
    };
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    target: row.target,
    reason: row.reason,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
