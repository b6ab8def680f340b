import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import {
  MatAutocompleteModule,
  MatAutocompleteSelectedEvent,
  MatAutocompleteTrigger,
} from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatTooltipModule } from '@angular/material/tooltip';

import {
  completeMention,
  DEFAULT_LIMITS,
  DEFAULT_MAX_VOICE_SEC,
  MentionPrefix,
  mentionPrefixAt,
} from '@chat/protocol';

import { UploadState } from './attachment-sender.service';
import { MuteState } from './chat-store.service';
import { EmojiPickerComponent } from './emoji-picker.component';
import { RecordingBarComponent } from './media/recording-bar.component';
import { openSelfieDialog } from './media/selfie-dialog.component';
import { VoiceRecorder } from './media/voice-recorder.service';
import { namesStartingWith } from './mention-names';
import { ComposerMode } from './message-actions.service';
import { UploadStatusComponent } from './upload-status.component';

/** A name offered for the `@` being typed, and the text and caret once it is picked. */
interface MentionCompletion {
  name: string;
  text: string;
  caret: number;
}

/**
 * The message box: Enter sends, Shift+Enter breaks the line, `@na` offers names to complete (Tab
 * or Enter picks); emoji, file picking, a voice recording (the row becomes the recording bar
 * meanwhile), a selfie, uploads under way, and the muted state.
 */
@Component({
  selector: 'chat-composer',
  imports: [
    ReactiveFormsModule,
    MatAutocompleteModule,
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
  /** Who an `@` may complete to. */
  public readonly people = input<readonly string[]>([]);
  /** Answering or editing an earlier message: a line above the box says which, with Cancel. */
  public readonly mode = input<ComposerMode | null>(null);
  public readonly send = output<string>();
  /** The text changed (for the typing indicator). */
  public readonly typed = output<string>();
  public readonly cancelMode = output<void>();
  /** Arrow up in an empty box: edit one's last message, as in Slack. */
  public readonly editLast = output<void>();
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
  private readonly completer = viewChild(MatAutocompleteTrigger);
  /** The mention being typed, with the text it is in. */
  private readonly typing = signal<{ text: string; at: MentionPrefix } | null>(null);
  protected readonly completions = computed<MentionCompletion[]>(() => {
    const typing = this.typing();
    if (!typing) return [];
    return namesStartingWith(this.people(), typing.at.prefix).map((name) => ({
      name,
      ...completeMention(typing.text, typing.at, name),
    }));
  });
  /** The option the arrow keys are on; Tab picks it. */
  private activeCompletion: string | null = null;

  private readonly box = viewChild<ElementRef<HTMLTextAreaElement>>('box');

  constructor() {
    // Editing puts the message's text in the box; answering puts the caret there.
    let shownMode: ComposerMode | null = null;
    afterRenderEffect(() => {
      const mode = this.mode();
      if (mode === shownMode) return;
      shownMode = mode;
      if (mode?.kind === 'edit') this.text.setValue(mode.message.text ?? '');
      if (mode) this.box()?.nativeElement.focus();
    });
    // Back from the recording bar (sent, cancelled or refused): the focus returns to the microphone.
    let recorded = false;
    afterRenderEffect(() => {
      const idle = this.recorder.state() === 'idle';
      if (idle && recorded) (this.mic()?.nativeElement as HTMLElement | undefined)?.focus();
      recorded = !idle;
    });
  }

  /** Notes whether the caret is in an `@na` being typed, for the names to offer. */
  protected caretMoved(box: HTMLTextAreaElement): void {
    const at =
      box.selectionStart === box.selectionEnd ? mentionPrefixAt(box.value, box.selectionStart) : null;
    this.typing.set(at ? { text: box.value, at } : null);
    this.activeCompletion = null;
    // The list opens by itself on typing and clicking, not when the arrow keys bring the caret back.
    if (this.completions().length > 0 && !this.completer()?.panelOpen) this.completer()?.openPanel();
  }

  protected completionActive(value: string | null): void {
    this.activeCompletion = value;
  }

  /** A name picked from the list (click or Enter): the option's value, the whole text, is in the box already. */
  protected completionPicked(event: MatAutocompleteSelectedEvent, box: HTMLTextAreaElement): void {
    const picked = this.completions().find((c) => c.text === event.option.value);
    this.typing.set(null);
    if (picked) box.setSelectionRange(picked.caret, picked.caret);
  }

  /**
   * Tab picks the highlighted name, or the first. The list's own Tab handling has closed it by
   * now without picking, so this goes by what was offered.
   */
  protected tab(event: Event, box: HTMLTextAreaElement): void {
    const offered = this.completions();
    if (!(event instanceof KeyboardEvent) || event.shiftKey || offered.length === 0) return;
    event.preventDefault();
    const picked = offered.find((c) => c.text === this.activeCompletion) ?? offered[0];
    this.text.setValue(picked.text);
    box.value = picked.text;
    box.setSelectionRange(picked.caret, picked.caret);
    this.typing.set(null);
  }

  /** Escape closes the list of names (Tab then moves on as usual); without one, it cancels a reply or an edit. */
  protected escape(): void {
    if (this.typing() === null && this.mode()) {
      if (this.mode()?.kind === 'edit') this.text.setValue('');
      this.cancelMode.emit();
    }
    this.typing.set(null);
  }

  protected arrowUp(event: Event): void {
    if (this.text.value !== '' || this.mode()) return;
    event.preventDefault();
    this.editLast.emit();
  }

  protected cancel(): void {
    if (this.mode()?.kind === 'edit') this.text.setValue('');
    this.cancelMode.emit();
  }

  /** Angular types a `keydown.enter` event as a plain Event; it is a KeyboardEvent. */
  protected enter(event: Event): void {
    if (!(event instanceof KeyboardEvent) || event.shiftKey || event.isComposing) return; // Shift+Enter: a new line.
    // Enter picks a name from the list instead (the list handles it, before or after this).
    if (event.defaultPrevented || (this.completer()?.panelOpen && this.completer()?.activeOption)) return;
    event.preventDefault();
    this.submit();
  }

  protected submit(): void {
    const text = this.text.value;
    if (this.blocked() || !text.trim()) return;
    this.send.emit(text);
    this.text.setValue('');
    this.typing.set(null);
    this.typed.emit('');
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
