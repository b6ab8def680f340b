import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';

import { DEFAULT_LIMITS } from '@chat/protocol';

import { MuteState } from './chat-store.service';
import { EmojiPickerComponent } from './emoji-picker.component';

export interface UploadState {
  name: string;
  percent: number;
  error?: string;
}

/** The message box: Enter sends, Shift+Enter breaks the line; emoji, file picking, and the muted state. */
@Component({
  selector: 'chat-composer',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatTooltipModule,
    EmojiPickerComponent,
  ],
  template: `
    @if (muted(); as mute) {
      <p class="muted" role="status">
        <mat-icon>volume_off</mat-icon>
        {{ mutedText() }}
      </p>
    }
    @if (upload(); as up) {
      <div class="upload" role="status">
        <span>{{
          up.error ? 'Upload failed: ' + up.error : 'Uploading ' + up.name + ' (' + up.percent + '%)'
        }}</span>
        @if (!up.error) {
          <mat-progress-bar
            mode="determinate"
            [value]="up.percent"
            [attr.aria-label]="'Uploading ' + up.name"
          />
        }
      </div>
    }
    <div class="row">
      <chat-emoji-picker [disabled]="blocked()" (picked)="emoji.emit($event)" />
      <button
        mat-icon-button
        type="button"
        aria-label="Attach a file"
        matTooltip="Attach a file"
        [disabled]="blocked()"
        (click)="picker.click()"
      >
        <mat-icon>attach_file</mat-icon>
      </button>
      <input #picker type="file" hidden (change)="picked(picker)" />
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="text">
        <mat-label>{{ placeholder() }}</mat-label>
        <textarea
          matInput
          [formControl]="text"
          rows="1"
          [maxlength]="maxLength()"
          (keydown.enter)="enter($event)"
        ></textarea>
      </mat-form-field>
      <button
        mat-icon-button
        type="button"
        aria-label="Send"
        matTooltip="Send (Enter)"
        [disabled]="blocked()"
        (click)="submit()"
      >
        <mat-icon>send</mat-icon>
      </button>
    </div>
  `,
  styles: `
    :host {
      display: block;
      padding: 8px;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .row {
      display: flex;
      align-items: center;
      gap: 4px;
    }
    .text {
      flex: 1;
    }
    textarea {
      max-height: 160px;
    }
    .muted {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0 0 8px;
      color: var(--mat-sys-error);
    }
    .upload {
      margin-bottom: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ComposerComponent {
  public readonly muted = input<MuteState | null>(null);
  public readonly disabled = input(false);
  public readonly placeholder = input('Message');
  public readonly maxLength = input(DEFAULT_LIMITS.text);
  public readonly upload = input<UploadState | null>(null);
  public readonly send = output<string>();
  public readonly emoji = output<string>();
  public readonly file = output<File>();

  protected readonly text = new FormControl('', { nonNullable: true });
  protected readonly blocked = computed(() => this.disabled() || this.muted() !== null);
  protected readonly mutedText = computed(() => {
    const mute = this.muted();
    if (!mute) return '';
    const until = mute.until
      ? `until ${new Date(mute.until).toLocaleString()}`
      : 'until an admin unmutes you';
    return `You are muted ${until}${mute.reason ? ` (${mute.reason})` : ''}.`;
  });

  /** Angular types a `keydown.enter` event as a plain Event; it is a KeyboardEvent. */
  protected enter(event: Event): void {
    if (!(event instanceof KeyboardEvent) || event.shiftKey || event.isComposing) return; // Shift+Enter: a new line.
    event.preventDefault();
    this.submit();
  }

  protected submit(): void {
    const text = this.text.value;
    if (this.blocked() || !text.trim()) return;
    this.send.emit(text);
    this.text.setValue('');
  }

  protected picked(input: HTMLInputElement): void {
    const file = input.files?.[0];
    if (file) this.file.emit(file);
    input.value = '';
  }
}
