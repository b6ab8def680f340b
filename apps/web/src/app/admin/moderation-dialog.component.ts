import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { MAX_REASON_LENGTH } from '@chat/protocol';

import { RestrictionInput } from '../core/api/api.types';

export type ModerationAction = 'ban' | 'mute' | 'kick';

export interface ModerationDialogData {
  action: ModerationAction;
  user: string;
}

const VERBS: Record<ModerationAction, string> = { ban: 'Ban', mute: 'Mute', kick: 'Kick' };

/** Asks for a reason and, for a ban or a mute, a duration in minutes (empty: until lifted). */
@Component({
  selector: 'chat-moderation-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>{{ verb }} {{ data.user }}</h2>
    <form [formGroup]="form" (ngSubmit)="confirm()">
      <mat-dialog-content>
        <mat-form-field appearance="outline">
          <mat-label>Reason</mat-label>
          <input matInput formControlName="reason" [maxlength]="maxReason" />
        </mat-form-field>
        @if (data.action !== 'kick') {
          <mat-form-field appearance="outline">
            <mat-label>Minutes</mat-label>
            <input matInput type="number" min="1" formControlName="minutes" />
            <mat-hint>Empty: until lifted</mat-hint>
            @if (form.controls.minutes.invalid) {
              <mat-error>A positive number of minutes</mat-error>
            }
          </mat-form-field>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="form.invalid">{{ verb }}</button>
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
export class ModerationDialogComponent {
  protected readonly data = inject<ModerationDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<ModerationDialogComponent, RestrictionInput>>(MatDialogRef);
  protected readonly verb = VERBS[this.data.action];
  protected readonly maxReason = MAX_REASON_LENGTH;
  protected readonly form = new FormGroup({
    reason: new FormControl('', { nonNullable: true }),
    minutes: new FormControl<number | null>(null, { validators: [Validators.min(0.01)] }),
  });

  protected confirm(): void {
    if (this.form.invalid) return;
    const { reason, minutes } = this.form.getRawValue();
    this.ref.close({
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(minutes !== null && this.data.action !== 'kick' ? { minutes } : {}),
    });
  }
}
