import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';

import { ChatError, MAX_TOPIC_LENGTH, ROOM_NAME_PATTERN, ROOM_NAME_RULE } from '@chat/protocol';

import { ConversationKey } from '../conversation';
import { RoomsService } from './rooms.service';

/** "Create room": a name (with or without its #), a topic, and whether it is private; closes with the new room's key. */
@Component({
  selector: 'chat-create-room-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSlideToggleModule,
  ],
  template: `
    <h2 mat-dialog-title>Create room</h2>
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mat-dialog-content>
        <mat-form-field appearance="outline">
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" placeholder="#dev" autocomplete="off" cdkFocusInitial />
          <mat-hint>{{ rule }}</mat-hint>
          @if (form.controls.name.hasError('pattern')) {
            <mat-error>{{ rule }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Topic</mat-label>
          <input matInput formControlName="topic" [maxlength]="maxTopic" autocomplete="off" />
        </mat-form-field>
        <mat-slide-toggle formControlName="private">Private: by invitation only</mat-slide-toggle>
        @if (error(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="form.invalid || busy()">Create</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    mat-form-field {
      display: block;
      width: 100%;
      margin-bottom: 8px;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreateRoomDialogComponent {
  private readonly rooms = inject(RoomsService);
  private readonly ref = inject<MatDialogRef<CreateRoomDialogComponent, ConversationKey>>(MatDialogRef);
  protected readonly rule = `A room name is ${ROOM_NAME_RULE}`;
  protected readonly maxTopic = MAX_TOPIC_LENGTH;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = new FormGroup({
    // The # may be left out: it is added before the name is checked.
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.pattern(/^#?[A-Za-z0-9_-]{2,32}$/)],
    }),
    topic: new FormControl('', { nonNullable: true }),
    private: new FormControl(false, { nonNullable: true }),
  });

  protected async submit(): Promise<void> {
    if (this.form.invalid) return;
    const { name, topic, private: isPrivate } = this.form.getRawValue();
    const room = name.startsWith('#') ? name : `#${name}`;
    if (!ROOM_NAME_PATTERN.test(room)) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      this.ref.close(await this.rooms.create({ room, topic: topic.trim(), private: isPrivate }));
    } catch (err) {
      this.error.set(err instanceof ChatError || err instanceof Error ? err.message : String(err));
    } finally {
      this.busy.set(false);
    }
  }
}
