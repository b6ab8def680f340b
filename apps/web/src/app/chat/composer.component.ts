import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatTooltipModule } from '@angular/material/tooltip';

import { DEFAULT_LIMITS, DEFAULT_MAX_VOICE_SEC } from '@chat/protocol';

import { UploadState } from './attachment-sender.service';
import { MuteState } from './chat-store.service';
import { EmojiPickerComponent } from './emoji-picker.component';
import { RecordingBarComponent } from './media/recording-bar.component';
import { openSelfieDialog } from './media/selfie-dialog.component';
import { VoiceRecorder } from './media/voice-recorder.service';
import { UploadStatusComponent } from './upload-status.component';

/**
 * The message box: Enter sends, Shift+Enter breaks the line; emoji, file picking, a voice
 * recording (the row becomes the recording bar meanwhile), a selfie, uploads under way, and the
 * muted state.
 */
@Component({
  selector: 'chat-composer',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatTooltipModule,
    EmojiPickerComponent,
    RecordingBarComponent,
    UploadStatusComponent,
  ],
  providers: [VoiceRecorder],
  templateUrl: './composer.component.html',
  styleUrl: './composer.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ComposerComponent {
  protected readonly recorder = inject(VoiceRecorder);
  private readonly dialog = inject(MatDialog);

  public readonly muted = input<MuteState | null>(null);
  public readonly disabled = input(false);
  public readonly placeholder = input('Message');
  public readonly maxLength = input(DEFAULT_LIMITS.text);
  public readonly maxVoiceSec = input(DEFAULT_MAX_VOICE_SEC);
  public readonly uploads = input<readonly UploadState[]>([]);
  public readonly send = output<string>();
  public readonly emoji = output<string>();
  public readonly file = output<File>();
  /** A finished voice recording, to upload to the media route and send. */
  public readonly voice = output<File>();
  /** A picture taken in the selfie dialog, to upload to the media route and send. */
  public readonly picture = output<File>();
  public readonly retryUpload = output<number>();
  public readonly dismissUpload = output<number>();

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
  private readonly mic = viewChild('mic', { read: ElementRef });

  constructor() {
    // Back from the recording bar (sent, cancelled or refused): the focus returns to the microphone.
    let recorded = false;
    afterRenderEffect(() => {
      const idle = this.recorder.state() === 'idle';
      if (idle && recorded) (this.mic()?.nativeElement as HTMLElement | undefined)?.focus();
      recorded = !idle;
    });
  }

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

  protected async record(): Promise<void> {
    if (this.blocked()) return;
    const file = await this.recorder.record(this.maxVoiceSec());
    if (file) this.voice.emit(file);
  }

  protected takeSelfie(): void {
    if (this.blocked()) return;
    openSelfieDialog(this.dialog).subscribe((file) => {
      if (file) this.picture.emit(file);
    });
  }
}
