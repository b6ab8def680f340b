import { DatePipe, NgTemplateOutlet } from '@angular/common';
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
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTooltipModule } from '@angular/material/tooltip';
import { firstValueFrom } from 'rxjs';

import { CallInfo, callSummary, Reaction } from '@chat/protocol';

import { AvatarComponent } from './avatar.component';
import { ConfirmData, ConfirmDialogComponent } from './confirm-dialog.component';
import { ChatMessage, Conversation, seenBy } from './conversation';
import { EMOJI_PATH, isSingleEmoji } from './emoji';
import { EmojiSegmentsPipe } from './emoji-segments.pipe';
import { FileViewComponent } from './file-view.component';
import { PictureViewComponent } from './media/picture-view.component';
import { VoicePlayerComponent } from './media/voice-player.component';
import { MessageActions } from './message-actions.service';
import { MessageHtmlPipe } from './message-html.pipe';
import { typingText } from './typing.service';

/** The reactions offered at one click, as Slack and Element offer theirs. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🥳', '😮', '😢'];

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
    NgTemplateOutlet,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    MatProgressSpinnerModule,
    MatTooltipModule,
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
            [id]="'msg-' + m.id"
            [class.mine]="m.mine"
            [class.continues]="item.continues"
            [class.highlighted]="m.id === highlighted()"
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
                @if (m.edited && !m.deleted) {
                  <span class="edited" [attr.title]="'Edited ' + (m.edited | date: 'medium')">(edited)</span>
                }
                @if (m.state === 'sent' && !m.deleted) {
                  <button
                    mat-icon-button
                    type="button"
                    class="actions"
                    [matMenuTriggerFor]="actions"
                    [matMenuTriggerData]="{ m: m }"
                    [attr.aria-label]="'Message actions: ' + m.from + ' ' + (m.ts | date: 'HH:mm')"
                  >
                    <mat-icon aria-hidden="true">more_horiz</mat-icon>
                  </button>
                }
              </header>
              @if (m.replyTo; as quote) {
                <!-- Named by what it shows, so that speech input finds it; a click shows the message. -->
                <button type="button" class="quote" (click)="jumpTo(quote.msgId)" title="Show the message">
                  <span class="visually-hidden">In reply to </span>
                  <span class="quote-from">{{ quote.from }}</span>
                  <span class="visually-hidden">: </span>
                  <span class="quote-text">{{ quoteText(quote) }}</span>
                </button>
              }
              @if (m.deleted) {
                <p class="deleted"><mat-icon aria-hidden="true">block</mat-icon>Message deleted</p>
              }
              @if (m.call; as call) {
                <p class="call" [attr.data-outcome]="call.outcome">
                  <mat-icon aria-hidden="true">{{ callIcon(call) }}</mat-icon>
                  <span>{{ callSummary(call) }}</span>
                </p>
              }
              @if (m.text && m.me) {
                <p class="action-text">
                  <span class="from">* {{ m.from }}</span> {{ m.text }}
                </p>
              } @else if (m.text) {
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
              @if (m.reactions?.length) {
                <div class="reactions" role="group" aria-label="Reactions">
                  @for (r of m.reactions; track r.emoji) {
                    <button
                      type="button"
                      class="reaction"
                      [class.given]="gave(r)"
                      [attr.aria-pressed]="gave(r)"
                      [attr.aria-label]="r.emoji + ' ' + r.users.length + ': ' + r.users.join(', ')"
                      [matTooltip]="r.users.join(', ')"
                      (click)="react(m, r.emoji)"
                    >
                      <span aria-hidden="true"
                        ><ng-container *ngTemplateOutlet="emojiPicture; context: { $implicit: r.emoji }"
                      /></span>
                      <span class="count" aria-hidden="true">{{ r.users.length }}</span>
                    </button>
                  }
                </div>
              }
              @if (m.mine && lastSeen()?.message === m) {
                <p class="seen">Seen by {{ lastSeen()!.by.join(', ') }}</p>
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
    <p class="typing" aria-live="polite">{{ typing() }}</p>
    <!-- An emoji as the bundled picture where there is one (no emoji font needed), else as text. -->
    <ng-template #emojiPicture let-text>
      @for (seg of text | emojiSegments; track $index) {
        @if (seg.kind === 'emoji') {
          <img
            class="emoji"
            [src]="emojiPath + seg.emoji.file"
            [alt]="seg.emoji.char"
            width="18"
            height="18"
          />
        } @else {
          {{ seg.text }}
        }
      }
    </ng-template>
    <mat-menu #actions="matMenu">
      <ng-template matMenuContent let-m="m">
        <div class="quick" role="group" aria-label="React">
          @for (emoji of quickReactions; track emoji) {
            <button
              mat-menu-item
              type="button"
              class="quick-reaction"
              [attr.aria-label]="'React ' + emoji"
              (click)="react(m, emoji)"
            >
              <span aria-hidden="true"
                ><ng-container *ngTemplateOutlet="emojiPicture; context: { $implicit: emoji }"
              /></span>
            </button>
          }
        </div>
        <button mat-menu-item type="button" (click)="actions_.replyTo(conversation().key, m)">
          <mat-icon aria-hidden="true">reply</mat-icon><span>Reply</span>
        </button>
        @if (m.mine && !m.call) {
          <button mat-menu-item type="button" (click)="actions_.startEdit(conversation().key, m)">
            <mat-icon aria-hidden="true">edit</mat-icon><span>Edit</span>
          </button>
        }
        @if (m.mine || canModerate()) {
          <button mat-menu-item type="button" (click)="remove(m)">
            <mat-icon aria-hidden="true">delete</mat-icon><span>Delete</span>
          </button>
        }
      </ng-template>
    </mat-menu>
  `,
  styleUrl: './message-list.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageListComponent {
  public readonly conversation = input.required<Conversation>();
  /** Who is reading: mentions of them stand out. */
  public readonly me = input('');
  /** Whether the reader may delete others' messages here (an admin, or the room's owner). */
  public readonly canModerate = input(false);
  public readonly loadOlder = output<void>();
  public readonly retry = output<string>();

  protected readonly actions_ = inject(MessageActions);
  private readonly dialog = inject(MatDialog);
  protected readonly quickReactions = QUICK_REACTIONS;
  protected readonly emojiPath = EMOJI_PATH;
  /** The message a search result or a reply's quote opened: scrolled to and marked for a moment. */
  protected readonly highlighted = signal<string | null>(null);
  protected readonly typing = computed(() => typingText(this.conversation().typing));
  /** The newest message of one's own the others have read, with who read it (receipts). */
  protected readonly lastSeen = computed(() => {
    const c = this.conversation();
    for (let i = c.messages.length - 1; i >= 0; i--) {
      const m = c.messages[i];
      if (!m.mine || m.seq === undefined) continue;
      const by = seenBy(c, m);
      if (by.length > 0) return { message: m, by };
    }
    return null;
  });

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

  /** Scrolls to a message shown (a reply's quote, a search result) and marks it for a moment. */
  public jumpTo(msgId: string): boolean {
    const el = this.scroller().nativeElement.querySelector<HTMLElement>(`#msg-${CSS.escape(msgId)}`);
    if (!el) return false;
    this.atBottom = false;
    el.scrollIntoView({ block: 'center' });
    this.highlighted.set(msgId);
    setTimeout(() => {
      if (this.highlighted() === msgId) this.highlighted.set(null);
    }, 2500);
    return true;
  }

  protected quoteText(quote: NonNullable<ChatMessage['replyTo']>): string {
    if (quote.deleted) return 'Message deleted';
    return quote.text ?? quote.file ?? '';
  }

  protected gave(reaction: Reaction): boolean {
    const me = this.me().toLowerCase();
    return reaction.users.some((u) => u.toLowerCase() === me);
  }

  protected react(message: ChatMessage, emoji: string): void {
    void this.actions_.toggleReaction(message, emoji, this.me());
  }

  protected async remove(message: ChatMessage): Promise<void> {
    const ref = this.dialog.open<ConfirmDialogComponent, ConfirmData, boolean>(ConfirmDialogComponent, {
      data: {
        title: 'Delete message?',
        text: 'Everyone will see "Message deleted" instead.',
        action: 'Delete',
      },
    });
    if (await firstValueFrom(ref.afterClosed())) await this.actions_.remove(message);
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
