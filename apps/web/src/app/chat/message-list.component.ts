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

import { AvatarComponent } from './avatar.component';
import { ChatMessage, Conversation } from './conversation';
import { isSingleEmoji } from './emoji';
import { EmojiSegmentsPipe } from './emoji-segments.pipe';
import { FileViewComponent } from './file-view.component';
import { PictureViewComponent } from './media/picture-view.component';
import { VoicePlayerComponent } from './media/voice-player.component';
import { MessageHtmlPipe } from './message-html.pipe';

export type MessageListItem =
  | { kind: 'day'; key: string; label: string }
  | {
      kind: 'message';
      key: string;
      message: ChatMessage;
      /** Whether it goes on its sender's group: their name and avatar show once, above the first. */
      continues: boolean;
    };

/** How far apart two messages of one sender may be and still make one group. */
export const GROUP_GAP_MS = 5 * 60_000;

/**
 * Messages with a separator at each new day (local time), grouped: a message continues the one
 * before it when the same user sent it, that day, within GROUP_GAP_MS.
 */
export function withDaySeparators(messages: readonly ChatMessage[], now = new Date()): MessageListItem[] {
  const items: MessageListItem[] = [];
  let lastDay = '';
  let previous: ChatMessage | undefined;
  for (const message of messages) {
    const date = new Date(message.ts);
    const day = date.toDateString();
    if (day !== lastDay) {
      items.push({ kind: 'day', key: `day-${day}`, label: dayLabel(date, now) });
      lastDay = day;
      previous = undefined;
    }
    const continues =
      previous !== undefined &&
      previous.from.toLowerCase() === message.from.toLowerCase() &&
      Math.abs(Date.parse(message.ts) - Date.parse(previous.ts)) <= GROUP_GAP_MS;
    items.push({ kind: 'message', key: message.id, message, continues });
    previous = message;
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
    AvatarComponent,
    EmojiSegmentsPipe,
    FileViewComponent,
    MessageHtmlPipe,
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
          <article
            class="message"
            [class.mine]="m.mine"
            [class.continues]="item.continues"
            [attr.data-state]="m.state"
          >
            @if (!m.mine) {
              @if (item.continues) {
                <span class="avatar-space"></span>
              } @else {
                <chat-avatar [name]="m.from" />
              }
            }
            <div class="bubble">
              <header>
                @if (!m.mine) {
                  <!-- Said once for the group on screen; a screen reader still hears it for each message. -->
                  <span [class]="item.continues ? 'visually-hidden' : 'from'">{{ m.from }}</span>
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
                <div
                  class="text"
                  [class.single-emoji]="isSingleEmoji(m.text | emojiSegments)"
                  [innerHTML]="m.text | messageHtml: me()"
                ></div>
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
              <!-- A delivered message says nothing more; only sending and failing do. -->
              @if (m.mine && m.state !== 'sent') {
                <footer class="state">
                  @if (m.state === 'sending') {
                    <mat-spinner diameter="12" aria-hidden="true" /><span>Sending…</span>
                  } @else {
                    <mat-icon aria-hidden="true">error</mat-icon>
                    <span>{{ m.error ?? 'Not sent' }}</span>
                    <button mat-button type="button" (click)="retry.emit(m.id)">Retry</button>
                  }
                </footer>
              }
            </div>
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
  /** Who is reading: mentions of them stand out. */
  public readonly me = input('');
  public readonly loadOlder = output<void>();
  public readonly retry = output<string>();

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
