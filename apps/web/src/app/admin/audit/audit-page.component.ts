import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { debounceTime, distinctUntilChanged } from 'rxjs';

import { AUDIT_ACTIONS, AuditAction, MAX_SEARCH_LENGTH } from '@chat/protocol';

import { AuditEntry } from '../../core/api/api.types';
import { AdminApiService } from '../admin-api.service';
import { ADMIN_PAGE_SIZE, reasonOf } from '../admin-ui';

/** /admin/audit: who did what to whom, newest first, filtered by admin, user and action. */
@Component({
  selector: 'chat-audit-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatSelectModule,
    MatTableModule,
  ],
  templateUrl: './audit-page.component.html',
  styleUrl: './audit-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPageComponent implements OnInit {
  private readonly api = inject(AdminApiService);

  protected readonly pageSize = ADMIN_PAGE_SIZE;
  protected readonly columns = ['at', 'actor', 'action', 'target', 'reason', 'details'];
  protected readonly actions = AUDIT_ACTIONS;
  protected readonly maxName = MAX_SEARCH_LENGTH;
  /** Exact user names, as the api matches them, and one action ('' for all). */
  protected readonly filter = new FormGroup({
    actor: new FormControl('', { nonNullable: true }),
    target: new FormControl('', { nonNullable: true }),
    action: new FormControl<AuditAction | ''>('', { nonNullable: true }),
  });
  protected readonly entries = signal<AuditEntry[]>([]);
  protected readonly total = signal(0);
  protected readonly offset = signal(0);
  protected readonly error = signal<string | null>(null);
  /** Only the latest request's answer is shown, whatever order the answers come in. */
  private request = 0;

  constructor() {
    this.filter.valueChanges
      .pipe(
        debounceTime(250),
        distinctUntilChanged((a, b) => a.actor === b.actor && a.target === b.target && a.action === b.action),
        takeUntilDestroyed(),
      )
      .subscribe(() => {
        this.offset.set(0);
        void this.load();
      });
  }

  public ngOnInit(): void {
    void this.load();
  }

  protected page(event: PageEvent): void {
    this.offset.set(event.pageIndex * event.pageSize);
    void this.load();
  }

  /** An entry's further facts (AuditEntryDto.details): the text announced, until when, the new role. */
  protected detail(entry: AuditEntry): string {
    const { text, until, role } = entry.details;
    if (typeof text === 'string') return text;
    if ('until' in entry.details) {
      return typeof until === 'string' ? `until ${new Date(until).toLocaleString()}` : 'until lifted';
    }
    if (typeof role === 'string') return `now ${role}`;
    return '';
  }

  private async load(): Promise<void> {
    const request = ++this.request;
    const { actor, target, action } = this.filter.getRawValue();
    try {
      const page = await this.api.audit({
        actor: actor.trim() || undefined,
        target: target.trim() || undefined,
        action: action || undefined,
        offset: this.offset(),
        limit: this.pageSize,
      });
      if (request !== this.request) return;
      this.entries.set(page.items);
      this.total.set(page.total);
      this.error.set(null);
    } catch (err) {
      if (request !== this.request) return;
      this.error.set(reasonOf(err, 'The audit log could not be loaded'));
    }
  }
}
