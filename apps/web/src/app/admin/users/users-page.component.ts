import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
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
import { debounceTime, distinctUntilChanged } from 'rxjs';

import { ConfirmData, ConfirmDialogComponent } from '../../chat/confirm-dialog.component';
import { Restriction, RestrictionInput, UserView } from '../../core/api/api.types';
import { SessionService } from '../../core/session.service';
import { AdminApiService } from '../admin-api.service';
import { ADMIN_PAGE_SIZE, reasonOf } from '../admin-ui';
import {
  ModerationAction,
  ModerationDialogComponent,
  ModerationDialogData,
} from '../moderation-dialog.component';
import { ResetPasswordData, ResetPasswordDialogComponent } from '../reset-password-dialog.component';

/** /admin/users: search the users, ban, mute, kick, promote and demote them, reset a password, delete an account. */
@Component({
  selector: 'chat-users-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatPaginatorModule,
    MatTableModule,
  ],
  templateUrl: './users-page.component.html',
  styleUrl: './users-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPageComponent implements OnInit {
  private readonly api = inject(AdminApiService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly session = inject(SessionService);

  protected readonly pageSize = ADMIN_PAGE_SIZE;
  protected readonly columns = ['username', 'role', 'online', 'ban', 'mute', 'actions'];
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly users = signal<UserView[]>([]);
  protected readonly total = signal(0);
  protected readonly offset = signal(0);
  protected readonly error = signal<string | null>(null);

  constructor() {
    this.search.valueChanges
      .pipe(debounceTime(250), distinctUntilChanged(), takeUntilDestroyed())
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

  protected readonly byName = (_index: number, user: UserView): string => user.username;

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

  protected resetPassword(user: UserView): void {
    this.dialog
      .open<ResetPasswordDialogComponent, ResetPasswordData, string>(ResetPasswordDialogComponent, {
        data: { user: user.username },
      })
      .afterClosed()
      .subscribe((password) => {
        if (!password) return;
        void this.run(
          () => this.api.resetPassword(user.username, password),
          `The password of ${user.username} was reset`,
        );
      });
  }

  protected deleteAccount(user: UserView): void {
    const data: ConfirmData = {
      title: `Delete the account of ${user.username}?`,
      text: `${user.username} can no longer log in. Their messages stay, shown as "deleted user"; their files nobody else can see are deleted. The name stays taken. This cannot be undone.`,
      action: 'Delete account',
    };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .subscribe((yes) => {
        if (yes) void this.run(() => this.api.deleteAccount(user.username), `${user.username} was deleted`);
      });
  }

  private async run(action: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await action();
      this.snackBar.open(done, undefined, { duration: 3000 });
    } catch (err) {
      this.snackBar.open(reasonOf(err, 'Failed'), 'Dismiss', { duration: 6000 });
    }
    await this.load();
  }

  private async load(): Promise<void> {
    try {
      const page = await this.api.users({
        search: this.search.value.trim() || undefined,
        offset: this.offset(),
        limit: this.pageSize,
      });
      this.users.set(page.items);
      this.total.set(page.total);
      this.error.set(null);
    } catch (err) {
      this.error.set(reasonOf(err, 'The users could not be loaded'));
    }
  }
}
