import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';

import { Conversation, ConversationKey, messagePreview } from './conversation';

const ICONS = { all: 'forum', private: 'person', group: 'group', room: 'tag' } as const;

/**
 * Everyone, rooms (with their topics; private ones marked), private chats and group chats, with
 * unread counts, and an `@` where unread messages mention the user.
 */
@Component({
  selector: 'chat-conversation-list',
  imports: [MatIconModule, MatListModule],
  template: `
    <h2 id="conversations-heading">Conversations</h2>
    <mat-nav-list aria-labelledby="conversations-heading">
      @for (c of conversations(); track c.key) {
        <a
          mat-list-item
          href=""
          [activated]="c.key === activeKey()"
          [attr.aria-current]="c.key === activeKey() ? 'page' : null"
          (click)="$event.preventDefault(); selected.emit(c.key)"
        >
          <mat-icon matListItemIcon>{{ c.room?.private ? 'lock' : icons[c.kind] }}</mat-icon>
          <span matListItemTitle>{{ c.title }}</span>
          @if (line(c); as text) {
            <span matListItemLine class="preview" [class.topic]="c.kind === 'room'">{{ text }}</span>
          }
          <!--
            The item is named by what it shows, in its order (so that saying what one sees works), then
            by what its badges and lock say, in words. The counts are in elements of their own: the
            meta slot sets its own text colour.
          -->
          @if (extras(c); as text) {
            <span matListItemMeta
              ><span class="visually-hidden">, {{ text }}</span>
              @if (c.unread > 0) {
                <span aria-hidden="true">
                  @if (c.mentions > 0) {
                    <span class="unread mention" title="Mentions you">@</span>
                  }
                  <span class="unread">{{ count(c) }}</span>
                </span>
              }
            </span>
          }
        </a>
      }
    </mat-nav-list>
  `,
  styles: `
    h2 {
      font: var(--mat-sys-title-small);
      margin: 16px 16px 0;
    }
    .unread {
      display: inline-block;
      box-sizing: border-box;
      min-width: 20px;
      padding: 0 6px;
      border-radius: 10px;
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
      font: var(--mat-sys-label-small);
      line-height: 20px;
      text-align: center;
    }
    .mention {
      margin-right: 4px;
      background: var(--mat-sys-tertiary);
      color: var(--mat-sys-on-tertiary);
      font-weight: 700;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationListComponent {
  protected readonly icons = ICONS;
  public readonly conversations = input.required<Conversation[]>();
  public readonly activeKey = input.required<ConversationKey>();
  public readonly selected = output<ConversationKey>();

  /** The second line: a room's topic, a private or group chat's last message. */
  protected line(c: Conversation): string {
    if (c.kind === 'room') return c.room?.topic ?? '';
    const last = c.kind === 'all' ? undefined : c.messages.at(-1);
    return last ? messagePreview(last) : '';
  }

  protected count(c: Conversation): string {
    return c.unread > 999 ? '999+' : String(c.unread);
  }

  /** What the item tells only in signs (the badges, the lock), in words for screen readers. */
  protected extras(c: Conversation): string {
    const parts: string[] = [];
    if (c.unread) parts.push(`${this.count(c)} unread`);
    if (c.mentions) parts.push(`${c.mentions} ${c.mentions === 1 ? 'mention' : 'mentions'}`);
    if (c.room?.private) parts.push('Private room');
    return parts.join(', ');
  }
}
