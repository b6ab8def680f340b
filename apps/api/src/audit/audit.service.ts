import { Inject, Injectable } from '@nestjs/common';

import { DEFAULT_PAGE_LIMIT, STORE, Store } from '@chat/data';

import { AuditEntryDto } from './dto/audit-entry.dto';
import { AuditPageDto } from './dto/audit-page.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

/** The audit log ModerationService writes, read back for admins. */
@Injectable()
export class AuditService {
  constructor(@Inject(STORE) private readonly store: Store) {}

  public async list(query: AuditQueryDto): Promise<AuditPageDto> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const { actor, target, action } = query;
    const page = await this.store.audit.list({ offset, limit, actor, target, action });
    return { items: page.items.map(AuditEntryDto.from), total: page.total, offset, limit };
  }
}
