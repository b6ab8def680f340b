import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatListModule } from '@angular/material/list';

import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@chat/protocol';

import { reasonOf } from '../admin/admin-ui';
import { AccountSession } from '../core/api/api.types';
import { SessionService } from '../core/session.service';
import { AccountApiService } from './account-api.service';

const TRANSPORTS: Record<string, string> = {
  http: 'Web (REST)',
  tcp: 'Terminal (TCP)',
  ws: 'Web (WebSocket)',
};

/** The caller's account: change the password, see the sessions and end those not wanted. */
@Component({
  selector: 'chat-account-dialog',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatListModule,
  ],
  template: `
    <h2 mat-dialog-title>Account</h2>
    <mat-dialog-content>
      <h3>Change password</h3>
      <form [formGroup]="form" (ngSubmit)="changePassword()" aria-label="Change password">
        <mat-form-field appearance="outline">
          <mat-label>Current password</mat-label>
          <input
            matInput
            type="password"
            autocomplete="current-password"
            formControlName="currentPassword"
            [maxlength]="maxPassword"
          />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>New password</mat-label>
          <input
            matInput
            type="password"
            autocomplete="new-password"
            formControlName="newPassword"
            [maxlength]="maxPassword"
          />
          <mat-hint>At least {{ minPassword }} characters; your other sessions end</mat-hint>
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="form.invalid || busy()">Change password</button>
      </form>
      @if (message(); as text) {
        <p role="status">{{ text }}</p>
      }
      <h3>Sessions</h3>
      <mat-list aria-label="Sessions">
        @for (s of sessions(); track s.id) {
          <mat-list-item>
            <span matListItemTitle> {{ transport(s) }}{{ s.current ? ' (this session)' : '' }} </span>
            <span matListItemLine>
              since {{ s.createdAt | date: 'short' }}, last used {{ s.lastSeen | date: 'short' }}
              {{ s.address ? 'from ' + s.address : '' }}
            </span>
            <button
              mat-stroked-button
              matListItemMeta
              type="button"
              [attr.aria-label]="'End session: ' + transport(s) + ' since ' + (s.createdAt | date: 'short')"
              (click)="endSession(s)"
            >
              {{ s.current ? 'Log out' : 'End' }}
            </button>
          </mat-list-item>
        }
      </mat-list>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    mat-form-field {
      display: block;
      width: min(360px, 100%);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountDialogComponent implements OnInit {
  private readonly api = inject(AccountApiService);
  private readonly session = inject(SessionService);

  protected readonly minPassword = MIN_PASSWORD_LENGTH;
  protected readonly maxPassword = MAX_PASSWORD_LENGTH;
  protected readonly sessions = signal<AccountSession[]>([]);
  protected readonly message = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly form = new FormGroup({
    currentPassword: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    newPassword: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)],
    }),
  });

  public ngOnInit(): void {
    void this.load();
  }

  protected transport(s: AccountSession): string {
    return TRANSPORTS[s.transport] ?? s.transport;
  }

  protected async changePassword(): Promise<void> {
    if (this.form.invalid) return;
    this.busy.set(true);
    try {
      const res = await this.api.changePassword(this.form.getRawValue());
      // This session goes on with the fresh token; the old one is void.
      this.session.update({ token: res.accessToken });
      this.form.reset();
      this.message.set('Password changed; your other sessions were ended');
    } catch (err) {
      this.message.set(reasonOf(err, 'The password could not be changed'));
    } finally {
      this.busy.set(false);
    }
    await this.load();
  }

  protected async endSession(s: AccountSession): Promise<void> {
    try {
      await this.api.endSession(s.id);
    } catch (err) {
      this.message.set(reasonOf(err, 'The session could not be ended'));
    }
    if (s.current) {
      this.session.logout();
      return;
    }
    await this.load();
  }

  private async load(): Promise<void> {
    try {
      this.sessions.set(await this.api.sessions());
    } catch (err) {
      this.message.set(reasonOf(err, 'The sessions could not be loaded'));
    }
  }
}
