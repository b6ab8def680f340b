import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AUDIT_ACTIONS } from '@chat/protocol';

import { AdminOnly } from '../auth/authenticated.decorator';
import { ApiErrors, INVALID_BODY } from '../common/api-errors.decorator';
import { AuditService } from './audit.service';
import { AuditPageDto } from './dto/audit-page.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('admin/audit')
export class AuditHttpController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @AdminOnly()
  @ApiOperation({
    summary: 'The audit log',
    description:
      'Every moderation action, over TCP or this API: who did what to whom, when and why. Newest first; `actor`, `target` and `action` narrow it down, together too.',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiErrors(
    { ...INVALID_BODY, message: 'offset must be an integer number', details: { field: 'offset' } },
    {
      ...INVALID_BODY,
      name: 'UNKNOWN_ACTION',
      message: `action must be one of the following values: ${AUDIT_ACTIONS.join(', ')}`,
      details: { field: 'action' },
    },
  )
  public list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
