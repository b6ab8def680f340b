import { BreakpointObserver } from '@angular/cdk/layout';
import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  OnInit,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { map } from 'rxjs';

import { DEFAULT_LIMITS, DEFAULT_MAX_VOICE_SEC } from '@chat/protocol';

import { AccountDialogComponent } from '../account/account-dialog.component';
import { Attention } from '../attention/attention.service';
import { AttentionButtonComponent } from '../attention/attention-button.component';
import { UnreadBadge } from '../attention/unread-badge.service';
import { describeError } from '../auth/login-page.component';
import { CallButtonsComponent } from '../calls/call-buttons.component';
import { ClientConfigService } from '../core/client-config.service';
import { SessionService } from '../core/session.service';
import { ThemeService } from '../core/theme.service';
import { GamesMenuComponent } from '../games/games-menu.component';
import { AttachmentSender } from './attachment-sender.service';
import { ChatStore } from './chat-store.service';
import { ComposerComponent } from './composer.component';
import { ConnectionBannerComponent } from './connection-banner.component';
import { ConversationKey, recipientOf } from './conversation';
import { ConversationListComponent } from './conversation-list.component';
import { mentionableNames } from './mention-names';
import { MessageActions } from './message-actions.service';
import { MessageListComponent } from './message-list.component';
import { MusicMenuComponent } from './music/music-menu.component';
import { RoomButtonsComponent } from './rooms/room-buttons.component';
import { RoomHeaderComponent } from './rooms/room-header.component';
import { RoomMembersComponent } from './rooms/room-members.component';
import { ScreenshotMenuComponent } from './screenshots/screenshot-menu.component';
import { MessageSearch, SearchHit } from './search/message-search.service';
import { SearchDialogComponent, SearchDialogData } from './search/search-dialog.component';
import { TypingService } from './typing.service';
import { UserListComponent } from './user-list.component';

/**
 * The chat: conversations on the left, messages in the middle, who is online on the right; on a
 * phone both lists are drawers, and the header's tools sit atop the conversations drawer.
 */
@Component({
  selector: 'chat-chat-page',
  imports: [
    NgTemplateOutlet,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatSidenavModule,
    MatToolbarModule,
    MatTooltipModule,
    AttentionButtonComponent,
    CallButtonsComponent,
    ComposerComponent,
    ConnectionBannerComponent,
    ConversationListComponent,
    GamesMenuComponent,
    MessageListComponent,
    ScreenshotMenuComponent,
    MusicMenuComponent,
    RoomButtonsComponent,
    RoomHeaderComponent,
    RoomMembersComponent,
    UserListComponent,
  ],
  providers: [AttachmentSender, UnreadBadge],
  templateUrl: './chat-page.component.html',
  styleUrl: './chat-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChatPageComponent implements OnInit {
  protected readonly store = inject(ChatStore);
  protected readonly session = inject(SessionService);
  protected readonly theme = inject(ThemeService);
  protected readonly attachments = inject(AttachmentSender);
  private readonly clientConfig = inject(ClientConfigService);
  private readonly router = inject(Router);
  protected readonly actions = inject(MessageActions);
  private readonly typing = inject(TypingService);
  private readonly searching = inject(MessageSearch);
  private readonly dialog = inject(MatDialog);
  private readonly messageList = viewChild(MessageListComponent);
  /** Admins delete any message; a room's owner any of the room's. */
  protected readonly canModerate = computed(() => {
    const active = this.store.active();
    const me = this.store.me().toLowerCase();
    return this.session.isAdmin() || (active?.room?.owner.toLowerCase() === me && me !== '');
  });

  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 840px)')
      .pipe(map((s) => s.matches)),
    { initialValue: false },
  );
  protected readonly showUsers = signal(true);
  protected readonly showConversations = signal(true);
  protected readonly dragging = signal(false);
  protected readonly maxText = signal(DEFAULT_LIMITS.text);
  protected readonly maxVoiceSec = signal(DEFAULT_MAX_VOICE_SEC);
  protected readonly mentionable = computed(() =>
    mentionableNames(this.store.online(), this.store.active(), this.store.me()),
  );
  /** On a phone with the drawer shut, the count of what waits in it, on its button. */
  protected readonly menuCount = computed(() => {
    const total = this.store.unreadTotal();
    if (!this.narrow() || this.showConversations() || total === 0) return '';
    return total > 99 ? '99+' : String(total);
  });
  /** What to show instead of the chat once the server ended the session. */
  protected readonly ended = computed(() => {
    const reason = this.store.stopReason();
    if (!reason || reason.kind === 'logout') return null;
    const why = (text?: string): string => (text ? `: ${text}` : '');
    if (reason.kind === 'kicked') {
      return { title: 'You were disconnected', text: `Kicked by ${reason.by}${why(reason.reason)}.` };
    }
    if (reason.kind === 'banned') {
      const until = reason.until
        ? `until ${new Date(reason.until).toLocaleString()}`
        : 'until further notice';
      return { title: 'You are banned', text: `Banned by ${reason.by} ${until}${why(reason.reason)}.` };
    }
    // `closed` comes only from a session that does not reconnect, which the web's does: kept for completeness.
    const text =
      reason.kind === 'refused' ? describeError(reason.error) : 'The server closed the connection.';
    return { title: 'Your session ended', text };
  });
  constructor() {
    // The unread total in the title and the favicon; alerts for what comes while the user looks elsewhere.
    inject(UnreadBadge);
    inject(Attention);
    // A phone's drawers open over the chat, shut until asked for; a wide screen shows both panels.
    effect(() => {
      const wide = !this.narrow();
      untracked(() => {
        this.showConversations.set(wide);
        this.showUsers.set(wide);
      });
    });
    // Each new notice from the server (moderation, announcements, shutdown) pops up once; joins and
    // leaves, which come often in a busy chat, only go to the side panel, which keeps the last few.
    const snackBar = inject(MatSnackBar);
    let shown = 0;
    effect(() => {
      const fresh = this.store.notices().filter((n) => n.id > shown);
      if (fresh.length === 0) return;
      shown = fresh[fresh.length - 1].id;
      // A kick's notice and the kicked user's leaving come together: the snack bar shows the kick.
      const last = fresh.filter((n) => n.kind === 'server').at(-1);
      if (last) untracked(() => snackBar.open(last.text, 'OK', { duration: 8000, politeness: 'polite' }));
    });
  }

  public ngOnInit(): void {
    this.store.start().catch(() => this.store.reset());
    void this.clientConfig.limits().then((limits) => {
      this.maxText.set(limits.text);
      // Servers without media leave voiceSec out (their media routes answer MEDIA_UNAVAILABLE).
      this.maxVoiceSec.set(limits.voiceSec ?? DEFAULT_MAX_VOICE_SEC);
    });
  }

  /**
   * The composer's line: an edit of the message being edited, a reply to the one answered, an
   * action (`/me waves`), or a message.
   */
  protected async compose(text: string): Promise<void> {
    const key = this.store.activeKey();
    this.typing.stopped(key);
    const mode = this.actions.mode();
    this.actions.cancel();
    if (mode?.kind === 'edit') {
      if (text !== mode.message.text) await this.actions.edit(mode.message, text);
      return;
    }
    const action = /^\/me\s+(\S[\s\S]*)$/.exec(text);
    const extra = {
      ...(mode?.kind === 'reply' && mode.key === key ? { replyTo: mode.message } : {}),
      ...(action ? { me: true } : {}),
    };
    await this.store.send(action ? action[1] : text, undefined, undefined, extra);
  }

  protected typedIn(text: string): void {
    if (this.actions.mode()?.kind === 'edit') return;
    this.typing.typed(this.store.activeKey(), text);
  }

  /** Arrow up in an empty box edits one's newest message (text, sent), as in Slack. */
  protected editLast(): void {
    const active = this.store.active();
    const mine = active?.messages.filter(
      (m) => m.mine && m.state === 'sent' && !m.deleted && !m.call && m.text,
    );
    const last = mine?.at(-1);
    if (active && last) this.actions.startEdit(active.key, last);
  }

  protected openAccount(): void {
    this.dialog.open(AccountDialogComponent, { width: '560px', maxWidth: '95vw' });
  }

  protected openSearch(): void {
    const active = this.store.active();
    const ref = this.dialog.open<SearchDialogComponent, SearchDialogData, SearchHit>(SearchDialogComponent, {
      data: { with: active ? recipientOf(active) : '*', title: active?.title ?? 'Everyone' },
      width: '640px',
      maxWidth: '95vw',
    });
    ref.afterClosed().subscribe((hit) => {
      if (hit) void this.reveal(hit);
    });
  }

  /** Opens a search result in its conversation and scrolls to it. */
  private async reveal(hit: SearchHit): Promise<void> {
    this.select(hit.key);
    const found = await this.searching.reveal(hit);
    if (!found) return;
    // The list shows the loaded page on its next render.
    for (let i = 0; i < 20 && !this.messageList()?.jumpTo(hit.message.msgId); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  protected select(key: ConversationKey): void {
    this.store.select(key);
    if (this.narrow()) this.showConversations.set(false);
  }

  protected openPrivate(user: string): void {
    this.store.open([user]);
    if (this.narrow()) this.showUsers.set(false);
  }

  protected openGroup(users: string[]): void {
    this.store.open(users);
    if (this.narrow()) this.showUsers.set(false);
  }

  protected dragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this.dragging.set(true);
  }

  protected drop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    const file = event.dataTransfer?.files[0];
    if (file && !this.store.muted()) this.attachments.sendFile(file);
  }

  protected async logout(): Promise<void> {
    this.store.logout();
    await this.router.navigateByUrl('/login');
  }
}
