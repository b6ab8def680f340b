import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormControl, FormGroup, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTabChangeEvent, MatTabsModule } from '@angular/material/tabs';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink } from '@angular/router';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';

import { AUDIT_ACTIONS, AuditAction, ChatError, DEFAULT_LIMITS } from '@chat/protocol';

import { SessionService } from '../core/session.service';
import { ThemeService } from '../core/theme.service';
import { AdminApiService, AuditEntry, Restriction, RestrictionInput, UserView } from './admin-api.service';
import {
  ModerationAction,
  ModerationDialogComponent,
  ModerationDialogData,
} from './moderation-dialog.component';

export const ADMIN_PAGE_SIZE = 25;

/** Admins manage users (search, ban, mute, kick, roles), announce to everyone and read the audit log. */
@Component({
  selector: 'chat-admin-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatPaginatorModule,
    MatSelectModule,
    MatTableModule,
    MatTabsModule,
    MatToolbarModule,
  ],
  templateUrl: './admin-page.component.html',
  styleUrl: './admin-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminPageComponent implements OnInit {
  private readonly api = inject(AdminApiService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly session = inject(SessionService);
  protected readonly theme = inject(ThemeService);

  protected readonly pageSize = ADMIN_PAGE_SIZE;
  protected readonly userColumns = ['username', 'role', 'online', 'ban', 'mute', 'actions'];
  protected readonly auditColumns = ['at', 'actor', 'action', 'target', 'reason', 'details'];
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly users = signal<UserView[]>([]);
  protected readonly usersTotal = signal(0);
  protected readonly usersOffset = signal(0);
  protected readonly audit = signal<AuditEntry[]>([]);
  protected readonly auditTotal = signal(0);
  protected readonly auditOffset = signal(0);
  protected readonly auditActions = AUDIT_ACTIONS;
  /** The audit log's filters: exact user names, as the api matches them, and one action ('' for all). */
  protected readonly auditFilter = new FormGroup({
    actor: new FormControl('', { nonNullable: true }),
    target: new FormControl('', { nonNullable: true }),
    action: new FormControl<AuditAction | ''>('', { nonNullable: true }),
  });
  /** The api's limit on an announcement (AnnounceDto). */
  protected readonly maxAnnouncement = DEFAULT_LIMITS.text;
  protected readonly announcement = new FormGroup({
    text: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.pattern(/\S/), Validators.maxLength(DEFAULT_LIMITS.text)],
    }),
  });
  protected readonly announcing = signal(false);
  protected readonly textLength = toSignal(
    this.announcement.controls.text.valueChanges.pipe(map((text) => text.length)),
    { initialValue: 0 },
  );
  /** Only the latest audit request's answer is shown, whatever order the answers come in. */
  private auditRequest = 0;
  protected readonly error = signal<string | null>(null);

  constructor() {
    this.search.valueChanges
      .pipe(debounceTime(250), distinctUntilChanged(), takeUntilDestroyed())
      .subscribe(() => {
        this.usersOffset.set(0);
        void this.loadUsers();
      });
    this.auditFilter.valueChanges
      .pipe(
        debounceTime(250),
        distinctUntilChanged((a, b) => a.actor === b.actor && a.target === b.target && a.action === b.action),
        takeUntilDestroyed(),
      )
      .subscribe(() => {
        this.auditOffset.set(0);
        void this.loadAudit();
      });
  }

  public ngOnInit(): void {
    void this.loadUsers();
    void this.loadAudit();
  }

  protected usersPage(event: PageEvent): void {
    this.usersOffset.set(event.pageIndex * event.pageSize);
    void this.loadUsers();
  }

  protected auditPage(event: PageEvent): void {
    this.auditOffset.set(event.pageIndex * event.pageSize);
    void this.loadAudit();
  }

  /** What was done meanwhile elsewhere (over TCP, in another browser) shows when a tab is opened again. */
  protected tabChanged(event: MatTabChangeEvent): void {
    if (event.tab.textLabel === 'Users') void this.loadUsers();
    if (event.tab.textLabel === 'Audit log') void this.loadAudit();
  }

  protected isSelf(user: UserView): boolean {
    return user.username.toLowerCase() === this.session.session()?.username.toLowerCase();
  }

  protected describe(r: Restriction): string {
    const until = r.until ? `until ${new Date(r.until).toLocaleString()}` : 'until lifted';
    return `${until}${r.reason ? ` (${r.reason})` : ''}`;
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

  protected moderate(user: UserView, action: ModerationAction): void {
    const data: ModerationDialogData = { action, user: user.username };
    this.dialog
      .open<ModerationDialogComponent, ModerationDialogData, RestrictionInput>(ModerationDialogComponent, {
        data,
      })
      .afterClosed()
      .subscribe((input) => {
        if (!input) return;
        const done = { ban: 'banned', mute: 'muted', kick: 'kicked' }[action];
        void this.run(
          () =>
            action === 'ban'
              ? this.api.ban(user.username, input)
              : action === 'mute'
                ? this.api.mute(user.username, input)
                : this.api.kick(user.username, input.reason),
          `${user.username} ${done}`,
        );
      });
  }

  protected unban(user: UserView): Promise<void> {
    return this.run(() => this.api.unban(user.username), `${user.username} unbanned`);
  }

  protected unmute(user: UserView): Promise<void> {
    return this.run(() => this.api.unmute(user.username), `${user.username} unmuted`);
  }

  protected toggleRole(user: UserView): Promise<void> {
    const role = user.role === 'admin' ? 'user' : 'admin';
    return this.run(() => this.api.setRole(user.username, role), `${user.username} is now ${role}`);
  }

  /** `form`: its submitted state goes too, or the emptied field would show as an error. */
  protected async announce(form: FormGroupDirective): Promise<void> {
    if (this.announcement.invalid || this.announcing()) return;
    this.announcing.set(true);
    try {
      await this.api.announce(this.announcement.getRawValue().text.trim());
      form.resetForm(); // only on success: after a failure the admin can send it again
      this.snackBar.open('Announcement sent', undefined, { duration: 3000 });
    } catch (err) {
      this.failed(err);
    } finally {
      this.announcing.set(false);
    }
    await this.loadAudit();
  }

  private async run(action: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await action();
      this.snackBar.open(done, undefined, { duration: 3000 });
    } catch (err) {
      this.failed(err);
    }
    await Promise.all([this.loadUsers(), this.loadAudit()]);
  }

  /** The server's reason, where it gave one. */
  private failed(err: unknown): void {
    this.snackBar.open(err instanceof ChatError ? err.message : 'Failed', 'Dismiss', { duration: 6000 });
  }

  private async loadUsers(): Promise<void> {
    try {
      const page = await this.api.users({
        search: this.search.value.trim() || undefined,
        offset: this.usersOffset(),
        limit: this.pageSize,
      });
      this.users.set(page.items);
      this.usersTotal.set(page.total);
      this.error.set(null);
    } catch (err) {
      this.error.set(err instanceof ChatError ? err.message : 'The users could not be loaded');
    }
  }

  private async loadAudit(): Promise<void> {
    const request = ++this.auditRequest;
    const { actor, target, action } = this.auditFilter.getRawValue();
    try {
      const page = await this.api.audit({
        actor: actor.trim() || undefined,
        target: target.trim() || undefined,
        action: action || undefined,
        offset: this.auditOffset(),
        limit: this.pageSize,
      });
      if (request !== this.auditRequest) return;
      this.audit.set(page.items);
      this.auditTotal.set(page.total);
    } catch (err) {
      if (request !== this.auditRequest) return;
      this.error.set(err instanceof ChatError ? err.message : 'The audit log could not be loaded');
    }
  }
}
