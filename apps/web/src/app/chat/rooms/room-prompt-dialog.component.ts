import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

/** What one room question asks: Invite (a user name), Edit topic, Remove from room (a reason). */
export interface RoomPromptData {
  title: string;
  label: string;
  action: string;
  value?: string;
  required: boolean;
  maxLength: number;
  /** Runs the action with what was typed; a rejection's message is shown and the dialog stays. */
  run: (value: string) => Promise<void>;
}

/** One field and one action, for the room's small questions; closes once the action succeeded. */
@Component({
  selector: 'chat-room-prompt-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mat-dialog-content>
        <mat-form-field appearance="outline">
          <mat-label>{{ data.label }}</mat-label>
          <input
            matInput
            [formControl]="value"
            [maxlength]="data.maxLength"
            autocomplete="off"
            cdkFocusInitial
          />
        </mat-form-field>
        @if (error(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="value.invalid || busy()">{{ data.action }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    mat-form-field {
      width: 100%;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoomPromptDialogComponent {
  protected readonly data = inject<RoomPromptData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<RoomPromptDialogComponent>);
  protected readonly value = new FormControl(this.data.value ?? '', {
    nonNullable: true,
    validators: this.data.required ? [Validators.required] : [],
  });
  /** A form group makes the form Angular's: submitting it runs `submit()` instead of reloading the page. */
  protected readonly form = new FormGroup({ value: this.value });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async submit(): Promise<void> {
    if (this.value.invalid) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.data.run(this.value.value.trim());
      this.ref.close(true);
    } catch (err) {
      this.error.set(err instanceof Error ? err.message : String(err));
    } finally {
      this.busy.set(false);
    }
  }
}
