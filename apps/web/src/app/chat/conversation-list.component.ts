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
          [attr.aria-label]="
            c.title +
            (c.room?.private ? ', Private room' : '') +
            (c.unread ? ', ' + c.unread + ' unread' : '') +
            (c.mentions ? ', ' + c.mentions + (c.mentions === 1 ? ' mention' : ' mentions') : '')
          "
          (click)="$event.preventDefault(); selected.emit(c.key)"
        >
          <mat-icon matListItemIcon>{{ c.room?.private ? 'lock' : icons[c.kind] }}</mat-icon>
          <span matListItemTitle>{{ c.title }}</span>
          @if (c.kind === 'room') {
            @if (c.room?.topic) {
              <span matListItemLine class="preview topic">{{ c.room?.topic }}</span>
            }
          } @else if (c.kind !== 'all' && c.messages.at(-1); as last) {
            <span matListItemLine class="preview">{{ preview(last) }}</span>
          }
          @if (c.unread > 0) {
            <!-- The count in an element of its own: the list item's meta slot sets its own text colour. -->
            <span matListItemMeta aria-hidden="true">
              @if (c.mentions > 0) {
                <span class="unread mention" title="Mentions you">@</span>
              }
              <span class="unread">{{ c.unread > 999 ? '999+' : c.unread }}</span></span
            >
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
  protected readonly preview = messagePreview;
}
