import { inject, Injectable } from '@angular/core';

import { ChatSocket } from '../core/chat-socket.service';
import { ConversationKey, fromFrame, mergeMessages, recipientOf } from './conversation';
import { ConversationStore } from './conversation-store.service';

export const HISTORY_PAGE = 50;

/** A conversation's history, a page at a time, before the oldest message shown. */
@Injectable({ providedIn: 'root' })
export class ChatHistory {
  private readonly socket = inject(ChatSocket);
  private readonly conversations = inject(ConversationStore);

  /** Loads the page of history before the oldest message shown; nothing while offline or at the start. */
  public async loadOlder(key: ConversationKey): Promise<void> {
    const conversation = this.conversations.get(key);
    if (!conversation || conversation.loading || !conversation.hasMore || this.socket.state() !== 'online')
      return;
    this.conversations.patch(key, (c) => ({ ...c, loading: true }));
    const before = conversation.messages.find((m) => m.seq !== undefined)?.seq;
    try {
      const reply = await this.socket.request('history', {
        with: recipientOf(conversation),
        limit: HISTORY_PAGE,
        ...(before === undefined ? {} : { before }),
      });
      const older = reply.messages.map((m) => fromFrame(m, this.conversations.me()));
      this.conversations.patch(key, (c) => ({
        ...c,
        loading: false,
        hasMore: reply.messages.length === HISTORY_PAGE,
        historyLoaded: true,
        messages: mergeMessages(c.messages, older),
      }));
    } catch {
      this.conversations.patch(key, (c) => ({ ...c, loading: false }));
    }
  }

  /** Asks for the first page of a conversation that has none yet. */
  public loadFirst(key: ConversationKey): void {
    const conversation = this.conversations.get(key);
    if (conversation && !conversation.historyLoaded && conversation.hasMore) void this.loadOlder(key);
  }
}
