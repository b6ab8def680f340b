import { PageDto } from '../../common/dto/page.dto';
import { AuditEntryDto } from './audit-entry.dto';

/** One page of the audit log, newest first. */
export class AuditPageDto extends PageDto(AuditEntryDto) {}
