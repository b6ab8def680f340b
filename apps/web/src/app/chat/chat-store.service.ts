import { HttpClient } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subscription } from 'rxjs';

import {
  ChatError,
  ConversationSummary,
  CONVERSATIONS_MAX_LIMIT,
  EventFrame,
  FileInfo,
  MessageFrame,
  PresenceFrame,
} from '@chat/protocol';

import { Conversations } from '../core/api/api.types';
import { ChatSocket, ConnectionLostError, LoginReply } from '../core/chat-socket.service';
import { ClientConfigService } from '../core/client-config.service';
import { SessionService } from '../core/session.service';
import {
  ChatMessage,
  Conversation,
  ConversationKey,
  conversationKey,
  conversationOf,
  EVERYONE,
  fromFrame,
  mergeMessages,
  newConversation,
  otherMembers,
  recipientOf,
} from './conversation';

export const HISTORY_PAGE = 50;

export interface Notice {
  id: number;
  text: string;
  ts: string;
  /** The server's notices (moderation, announcements, shutdown) or a user joining or leaving. */
  kind: 'server' | 'presence';
}

export interface MuteState {
  until: string | null;
  reason?: string;
}

/**
 * The chat as this tab sees it: conversations with their messages and unread counts, who is
 * online, notices and the user's own moderation state, all as signals, fed by ChatSocket.
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly socket = inject(ChatSocket);
  private readonly session = inject(SessionService);
  private readonly clientConfig = inject(ClientConfigService);
  private readonly http = inject(HttpClient);
  private readonly conversationMap = signal<ReadonlyMap<ConversationKey, Conversation>>(
    new Map([[EVERYONE, newConversation(EVERYONE, [])]]),
  );
  private readonly onlineUsers = signal<string[]>([]);
  private nextLocalId = 1;
  private nextNoticeId = 1;
  private muteTimer: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  /** The api's conversation list: asked for on log-in until it has come once (reconnects catch up with `since`). */
  private listing: Subscription | null = null;
  private listed = false;

  public readonly me = signal('');
  public readonly activeKey = signal<ConversationKey>(EVERYONE);
  public readonly notices = signal<Notice[]>([]);
  public readonly muted = signal<MuteState | null>(null);
  public readonly connection = this.socket.state;
  public readonly stopReason = this.socket.stopReason;

  public readonly online = this.onlineUsers.asReadonly();
  public readonly onlineCount = computed(() => this.onlineUsers().length);
  /** Everyone first, then the others, most recent activity first. */
  public readonly conversations = computed(() => {
    const all = [...this.conversationMap().values()];
    const lastTs = (c: Conversation): string => c.messages.at(-1)?.ts ?? '';
    return [
      ...all.filter((c) => c.kind === 'all'),
      ...all.filter((c) => c.kind !== 'all').sort((a, b) => lastTs(b).localeCompare(lastTs(a))),
    ];
  });
  public readonly active = computed(() => this.conversationMap().get(this.activeKey()) ?? null);

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.socket.events$.pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => this.onEvent(event));
    this.socket.loggedIn$.pipe(takeUntilDestroyed(destroyRef)).subscribe((reply) => this.onLogin(reply));
  }

  /** Connects with the session's token (once; later calls do nothing while connected). */
  public async start(): Promise<void> {
    const session = this.session.session();
    if (!session || this.started) return;
    this.started = true;
    this.me.set(session.username);
    this.socket.connect(await this.clientConfig.wsUrl(), session.token);
  }

  /** Logs out and forgets this session's chat. */
  public logout(): void {
    this.socket.logout();
    this.session.logout();
    this.reset();
  }

  public reset(): void {
    this.socket.disconnect();
    this.started = false;
    this.listing?.unsubscribe();
    this.listing = null;
    this.listed = false;
    this.conversationMap.set(new Map([[EVERYONE, newConversation(EVERYONE, [])]]));
    this.onlineUsers.set([]);
    this.activeKey.set(EVERYONE);
    this.notices.set([]);
    this.setMuted(null);
  }

  /** Opens (creating when needed) the conversation with `members`, or everyone's. */
  public open(members: readonly string[] | '*'): ConversationKey {
    const me = this.me();
    const key = conversationKey(members, me);
    if (key !== EVERYONE && otherMembers(members === '*' ? [] : members, me).length === 0)
      return this.activeKey();
    this.ensure(key, members === '*' ? [] : otherMembers(members, me));
    this.select(key);
    return key;
  }

  public select(key: ConversationKey): void {
    this.activeKey.set(key);
    this.patch(key, (c) => ({ ...c, unread: 0 }));
    const conversation = this.conversationMap().get(key);
    if (conversation && !conversation.historyLoaded && conversation.hasMore) void this.loadOlder(key);
  }

  /** Loads the page of history before the oldest message shown. */
  public async loadOlder(key: ConversationKey = this.activeKey()): Promise<void> {
    const conversation = this.conversationMap().get(key);
    if (!conversation || conversation.loading || !conversation.hasMore || this.connection() !== 'online')
      return;
    this.patch(key, (c) => ({ ...c, loading: true }));
    const before = conversation.messages.find((m) => m.seq !== undefined)?.seq;
    try {
      const reply = await this.socket.request('history', {
        with: recipientOf(conversation),
        limit: HISTORY_PAGE,
        ...(before === undefined ? {} : { before }),
      });
      const older = reply.messages.map((m) => fromFrame(m, this.me()));
      this.patch(key, (c) => ({
        ...c,
        loading: false,
        hasMore: reply.messages.length === HISTORY_PAGE,
        historyLoaded: true,
        messages: mergeMessages(c.messages, older),
      }));
    } catch {
      this.patch(key, (c) => ({ ...c, loading: false }));
    }
  }

  /** Sends text and/or a file to the active conversation; the message shows at once as "sending". */
  public async send(text: string, file?: FileInfo): Promise<void> {
    const conversation = this.active();
    if (!conversation || (!text.trim() && !file)) return;
    const local: ChatMessage = {
      id: `local-${this.nextLocalId++}`,
      ts: new Date().toISOString(),
      from: this.me(),
      mine: true,
      ...(text.trim() ? { text } : {}),
      ...(file ? { file } : {}),
      state: 'sending',
    };
    this.patch(conversation.key, (c) => ({ ...c, messages: [...c.messages, local] }));
    await this.deliver(conversation.key, local);
  }

  /** Sends a failed message again. */
  public async retry(key: ConversationKey, id: string): Promise<void> {
    const message = this.conversationMap()
      .get(key)
      ?.messages.find((m) => m.id === id && m.state === 'failed');
    if (!message) return;
    this.replace(key, id, { ...message, state: 'sending', error: undefined });
    await this.deliver(key, { ...message, state: 'sending' });
  }

  private async deliver(key: ConversationKey, local: ChatMessage): Promise<void> {
    const conversation = this.conversationMap().get(key);
    if (!conversation) return;
    try {
      const ok = await this.socket.request('send', {
        to: recipientOf(conversation),
        ...(local.text ? { text: local.text } : {}),
        ...(local.file ? { fileId: local.file.id } : {}),
      });
      const sent: ChatMessage = { ...local, id: ok.msgId, seq: ok.seq, ts: ok.ts, state: 'sent' };
      this.patch(key, (c) => ({
        ...c,
        messages: c.messages.some((m) => m.id === ok.msgId)
          ? c.messages.filter((m) => m.id !== local.id)
          : mergeMessages(
              c.messages.filter((m) => m.id !== local.id),
              [sent],
            ),
      }));
    } catch (err) {
      if (err instanceof ChatError && err.code === 'MUTED') {
        const until = err.details['until'];
        this.setMuted({ until: typeof until === 'string' ? until : null });
      }
      this.replace(key, local.id, { ...local, state: 'failed', error: failureText(err) });
    }
  }

  private onLogin(reply: LoginReply): void {
    this.me.set(reply.user);
    this.session.update({ role: reply.role, token: reply.token, username: reply.user });
    this.onlineUsers.set([...reply.online].sort((a, b) => a.localeCompare(b)));
    const active = this.conversationMap().get(this.activeKey());
    if (active && !active.historyLoaded) void this.loadOlder(active.key);
    if (!this.listed) this.listConversations(reply.seq);
  }

  /**
   * Asks the api for the user's private and group conversations, so that they are listed after a
   * reload too, each with its latest message (which orders the list). Messages newer than the
   * log-in's `latestSeq` are left out: they arrive live and are counted unread.
   */
  private listConversations(latestSeq: number): void {
    this.listing?.unsubscribe();
    this.listing = this.http
      .get<Conversations>('/api/conversations', {
        params: { limit: CONVERSATIONS_MAX_LIMIT },
      })
      .subscribe({
        next: (reply) => {
          this.listed = true;
          for (const summary of reply.conversations) this.addListed(summary, latestSeq);
        },
        // The list then fills from live messages, as it did before; the next log-in asks again.
        error: () => undefined,
      });
  }

  private addListed(summary: ConversationSummary, latestSeq: number): void {
    const me = this.me();
    const members = otherMembers(typeof summary.with === 'string' ? [summary.with] : summary.with, me);
    if (members.length === 0) return;
    const key = conversationKey(members, me);
    this.ensure(key, members);
    if (summary.last.seq > latestSeq) return;
    const last = fromFrame(summary.last, me);
    this.patch(key, (c) =>
      c.messages.some((m) => m.id === last.id) ? c : { ...c, messages: mergeMessages(c.messages, [last]) },
    );
  }

  private onEvent(event: EventFrame): void {
    switch (event.type) {
      case 'message':
        this.onMessage(event);
        return;
      case 'presence':
        this.onPresence(event);
        return;
      case 'notice':
        this.addNotice(event.text, 'server');
        return;
      case 'muted':
        this.setMuted({ until: event.until, reason: event.reason });
        return;
      case 'unmuted':
        this.setMuted(null);
        return;
      default:
        return;
    }
  }

  private onMessage(frame: MessageFrame): void {
    const me = this.me();
    const { key, members } = conversationOf(frame, me);
    this.ensure(key, members);
    const message = fromFrame(frame, me);
    const isActive = key === this.activeKey();
    this.patch(key, (c) => {
      if (c.messages.some((m) => m.id === message.id)) return c;
      // A message whose ok was lost with the connection comes back through `since`: drop the failed copy.
      const messages = message.mine
        ? c.messages.filter(
            (m) => !(m.state === 'failed' && m.text === message.text && m.file?.id === message.file?.id),
          )
        : c.messages;
      return {
        ...c,
        messages: mergeMessages(messages, [message]),
        unread: isActive || message.mine ? c.unread : c.unread + 1,
      };
    });
  }

  /** Updates who is online, and notes who joined or left (not oneself, whose other tabs change nothing). */
  private onPresence(event: PresenceFrame): void {
    const name = event.user.toLowerCase();
    const online = event.status === 'online';
    const wasOnline = this.onlineUsers().some((n) => n.toLowerCase() === name);
    this.onlineUsers.update((names) => {
      const others = names.filter((n) => n.toLowerCase() !== name);
      return online ? [...others, event.user].sort((a, b) => a.localeCompare(b)) : others;
    });
    if (name === this.me().toLowerCase() || online === wasOnline) return;
    this.addNotice(`${event.user} ${online ? 'joined' : 'left'}`, 'presence');
  }

  private addNotice(text: string, kind: Notice['kind']): void {
    const notice: Notice = { id: this.nextNoticeId++, text, ts: new Date().toISOString(), kind };
    this.notices.update((list) => [...list.slice(-49), notice]);
  }

  private setMuted(state: MuteState | null): void {
    if (this.muteTimer !== null) clearTimeout(this.muteTimer);
    this.muteTimer = null;
    this.muted.set(state);
    if (state?.until) {
      const ms = Date.parse(state.until) - Date.now();
      // setTimeout's limit is about 24.8 days; a longer mute is re-checked on the next event.
      if (ms <= 0) this.muted.set(null);
      else if (ms < 2 ** 31 - 1) this.muteTimer = setTimeout(() => this.setMuted(null), ms);
    }
  }

  private ensure(key: ConversationKey, members: string[]): void {
    if (this.conversationMap().has(key)) return;
    const map = new Map(this.conversationMap());
    map.set(key, newConversation(key, members));
    this.conversationMap.set(map);
  }

  private patch(key: ConversationKey, change: (c: Conversation) => Conversation): void {
    const current = this.conversationMap().get(key);
    if (!current) return;
    const next = change(current);
    if (next === current) return;
    const map = new Map(this.conversationMap());
    map.set(key, next);
    this.conversationMap.set(map);
  }

  private replace(key: ConversationKey, id: string, message: ChatMessage): void {
    this.patch(key, (c) => ({ ...c, messages: c.messages.map((m) => (m.id === id ? message : m)) }));
  }
}

function failureText(err: unknown): string {
  if (err instanceof ConnectionLostError) return 'Not sent: connection lost';
  if (err instanceof ChatError) return err.message;
  return 'Not sent';
}
