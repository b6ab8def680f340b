import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTabsModule } from '@angular/material/tabs';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink } from '@angular/router';
import { debounceTime, distinctUntilChanged } from 'rxjs';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { ChatError } from '@chat/protocol';

import { SessionService } from '../core/session.service';
import { ThemeService } from '../core/theme.service';
import { AdminApiService, AuditEntry, Restriction, RestrictionInput, UserView } from './admin-api.service';
import {
  ModerationAction,
  ModerationDialogComponent,
  ModerationDialogData,
} from './moderation-dialog.component';

export const ADMIN_PAGE_SIZE = 25;

/** Admins manage users (search, ban, mute, kick, roles) and read the audit log. */
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
  protected readonly auditColumns = ['at', 'actor', 'action', 'target', 'reason'];
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly users = signal<UserView[]>([]);
  protected readonly usersTotal = signal(0);
  protected readonly usersOffset = signal(0);
  protected readonly audit = signal<AuditEntry[]>([]);
  protected readonly auditTotal = signal(0);
  protected readonly auditOffset = signal(0);
  protected readonly error = signal<string | null>(null);

  constructor() {
    this.search.valueChanges
      .pipe(debounceTime(250), distinctUntilChanged(), takeUntilDestroyed())
      .subscribe(() => {
        this.usersOffset.set(0);
        void this.loadUsers();
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

  protected isSelf(user: UserView): boolean {
    return user.username.toLowerCase() === this.session.session()?.username.toLowerCase();
  }

  protected describe(r: Restriction): string {
    const until = r.until ? `until ${new Date(r.until).toLocaleString()}` : 'until lifted';
    return `${until}${r.reason ? ` (${r.reason})` : ''}`;
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

  private async run(action: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await action();
      this.snackBar.open(done, undefined, { duration: 3000 });
    } catch (err) {
      this.snackBar.open(err instanceof ChatError ? err.message : 'Failed', 'Dismiss', { duration: 6000 });
    }
    await Promise.all([this.loadUsers(), this.loadAudit()]);
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
    try {
      const page = await this.api.audit({ offset: this.auditOffset(), limit: this.pageSize });
      this.audit.set(page.items);
      this.auditTotal.set(page.total);
    } catch (err) {
      this.error.set(err instanceof ChatError ? err.message : 'The audit log could not be loaded');
    }
  }
}
