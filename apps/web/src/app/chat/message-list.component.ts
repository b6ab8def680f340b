import { DatePipe } from '@angular/common';
import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  input,
  output,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';

import { CallInfo, callSummary } from '@chat/protocol';

import { ChatMessage, Conversation } from './conversation';
import { EMOJI_PATH, isSingleEmoji } from './emoji';
import { EmojiSegmentsPipe } from './emoji-segments.pipe';
import { FileViewComponent } from './file-view.component';
import { PictureViewComponent } from './media/picture-view.component';
import { VoicePlayerComponent } from './media/voice-player.component';

export type MessageListItem =
  { kind: 'day'; key: string; label: string } | { kind: 'message'; key: string; message: ChatMessage };

/** Messages with a separator at each new day (local time). */
export function withDaySeparators(messages: readonly ChatMessage[], now = new Date()): MessageListItem[] {
  const items: MessageListItem[] = [];
  let lastDay = '';
  for (const message of messages) {
    const date = new Date(message.ts);
    const day = date.toDateString();
    if (day !== lastDay) {
      items.push({ kind: 'day', key: `day-${day}`, label: dayLabel(date, now) });
      lastDay = day;
    }
    items.push({ kind: 'message', key: message.id, message });
  }
  return items;
}

export function dayLabel(date: Date, now = new Date()): string {
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (date.toDateString() === now.toDateString()) return 'Today';
  if (date.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return date.toLocaleDateString(undefined, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
}

/** The active conversation's messages; scrolling to the top loads older ones. */
@Component({
  selector: 'chat-message-list',
  imports: [
    DatePipe,
    MatButtonModule,
    MatIconModule,
    MatProgressSpinnerModule,
    EmojiSegmentsPipe,
    FileViewComponent,
    PictureViewComponent,
    VoicePlayerComponent,
  ],
  template: `
    <div
      #scroller
      class="scroller"
      (scroll)="scrolled()"
      role="log"
      aria-live="polite"
      [attr.aria-label]="'Messages: ' + conversation().title"
    >
      @if (conversation().loading) {
        <mat-spinner diameter="24" aria-label="Loading older messages" />
      } @else if (!conversation().hasMore && items().length > 0) {
        <p class="start">Start of the conversation</p>
      } @else if (items().length === 0) {
        <p class="start">No messages yet</p>
      }
      @for (item of items(); track item.key) {
        @if (item.kind === 'day') {
          <div class="day" role="separator">
            <span>{{ item.label }}</span>
          </div>
        } @else {
          @let m = item.message;
          <article class="message" [class.mine]="m.mine" [attr.data-state]="m.state">
            <header>
              @if (!m.mine) {
                <span class="from">{{ m.from }}</span>
              }
              <time [attr.datetime]="m.ts">{{ m.ts | date: 'HH:mm' }}</time>
            </header>
            @if (m.call; as call) {
              <p class="call" [attr.data-outcome]="call.outcome">
                <mat-icon aria-hidden="true">{{ callIcon(call) }}</mat-icon>
                <span>{{ callSummary(call) }}</span>
              </p>
            }
            @if (m.text) {
              @let segments = m.text | emojiSegments;
              <p class="text" [class.single-emoji]="isSingleEmoji(segments)">
                @for (segment of segments; track $index) {
                  @if (segment.kind === 'emoji') {
                    <img
                      class="emoji"
                      [src]="emojiPath + segment.emoji.file"
                      [alt]="segment.emoji.char"
                      [title]="segment.emoji.name"
                    />
                  } @else {
                    <!-- Angular would pad a bare interpolation here with the template's spaces. -->
                    <ng-container>{{ segment.text }}</ng-container>
                  }
                }
              </p>
            }
            @if (m.file) {
              @switch (m.file.media?.kind) {
                @case ('voice') {
                  <chat-voice-player [file]="m.file" />
                }
                @case ('image') {
                  <chat-picture-view [file]="m.file" />
                }
                @default {
                  <chat-file-view [file]="m.file" />
                }
              }
            }
            @if (m.mine) {
              <footer class="state">
                @switch (m.state) {
                  @case ('sending') {
                    <mat-icon aria-hidden="true">schedule</mat-icon><span>Sending</span>
                  }
                  @case ('sent') {
                    <mat-icon aria-hidden="true">done</mat-icon><span>Sent</span>
                  }
                  @case ('failed') {
                    <mat-icon aria-hidden="true">error</mat-icon>
                    <span>{{ m.error ?? 'Not sent' }}</span>
                    <button mat-button type="button" (click)="retry.emit(m.id)">Retry</button>
                  }
                }
              </footer>
            }
          </article>
        }
      }
    </div>
  `,
  styleUrl: './message-list.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageListComponent {
  public readonly conversation = input.required<Conversation>();
  public readonly loadOlder = output<void>();
  public readonly retry = output<string>();

  protected readonly emojiPath = EMOJI_PATH;
  protected readonly isSingleEmoji = isSingleEmoji;
  protected readonly callSummary = callSummary;
  protected readonly items = computed(() => withDaySeparators(this.conversation().messages));
  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private atBottom = true;
  private lastKey = '';
  private lastNewestId = '';
  private heightBeforeLoad: number | null = null;

  constructor() {
    afterRenderEffect(() => {
      const items = this.items();
      const key = this.conversation().key;
      const el = this.scroller().nativeElement;
      if (key !== this.lastKey) {
        this.lastKey = key;
        this.atBottom = true;
      }
      const newest = this.conversation().messages.at(-1);
      if (newest && newest.id !== this.lastNewestId) {
        this.lastNewestId = newest.id;
        // One's own message just sent shows, even to someone scrolled up reading older ones.
        if (newest.mine && newest.state === 'sending') this.atBottom = true;
      }
      if (this.heightBeforeLoad !== null && !this.conversation().loading) {
        // Older messages came in above: keep the ones on screen where they were.
        el.scrollTop += el.scrollHeight - this.heightBeforeLoad;
        this.heightBeforeLoad = null;
      } else if (this.atBottom && items.length > 0) {
        el.scrollTop = el.scrollHeight;
      }
    });
  }

  protected callIcon(call: CallInfo): string {
    if (call.outcome !== 'answered') return call.media === 'video' ? 'missed_video_call' : 'phone_missed';
    return call.media === 'video' ? 'videocam' : 'call';
  }

  protected scrolled(): void {
    const el = this.scroller().nativeElement;
    this.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    const c = this.conversation();
    if (el.scrollTop < 48 && c.hasMore && !c.loading) {
      this.heightBeforeLoad = el.scrollHeight;
      this.loadOlder.emit();
    }
  }
}
