import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@chat/protocol';

export interface ResetPasswordData {
  user: string;
}

/** Asks an admin for a user's new password; closes with it. */
@Component({
  selector: 'chat-reset-password-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>Reset the password of {{ data.user }}</h2>
    <form [formGroup]="form" (ngSubmit)="confirm()">
      <mat-dialog-content>
        <p>Every session of {{ data.user }} ends. Tell them the new password another way.</p>
        <mat-form-field appearance="outline">
          <mat-label>New password</mat-label>
          <input
            matInput
            type="password"
            autocomplete="new-password"
            formControlName="password"
            [maxlength]="maxPassword"
          />
          @if (password.invalid && password.touched) {
            <mat-error>At least {{ minPassword }} characters</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="password.invalid">Reset password</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    mat-form-field {
      display: block;
      width: min(360px, 100%);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResetPasswordDialogComponent {
  protected readonly data = inject<ResetPasswordData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<ResetPasswordDialogComponent, string>>(MatDialogRef);
  protected readonly minPassword = MIN_PASSWORD_LENGTH;
  protected readonly maxPassword = MAX_PASSWORD_LENGTH;
  protected readonly form = new FormGroup({
    password: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)],
    }),
  });
  protected readonly password = this.form.controls.password;

  protected confirm(): void {
    if (this.password.valid) this.ref.close(this.password.value);
  }
}
