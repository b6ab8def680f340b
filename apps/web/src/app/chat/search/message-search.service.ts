import { inject, Injectable } from '@angular/core';

import { MessageFrame, Recipient, SEARCH_DEFAULT_LIMIT } from '@chat/protocol';

import { ChatSocket } from '../../core/chat-socket.service';
import { ChatHistory } from '../chat-history.service';
import { ConversationKey, conversationOf, EVERYONE } from '../conversation';
import { ConversationStore } from '../conversation-store.service';

/** A search result with the conversation it opens. */
export interface SearchHit {
  message: MessageFrame;
  key: ConversationKey;
  /** The conversation's title, as the list shows it. */
  where: string;
}

/** Older pages loaded at most to reach a result's message in its conversation. */
const MAX_PAGES_TO_REACH = 20;

/** Full-text search over what the user may read (the `search` frame), and opening a result in place. */
@Injectable({ providedIn: 'root' })
export class MessageSearch {
  private readonly socket = inject(ChatSocket);
  private readonly store = inject(ConversationStore);
  private readonly history = inject(ChatHistory);

  /** Newest first; `before` the seq of the last result shown, for the next page. */
  public async search(q: string, options: { with?: Recipient; before?: number } = {}): Promise<SearchHit[]> {
    const reply = await this.socket.request('search', {
      q,
      limit: SEARCH_DEFAULT_LIMIT,
      ...(options.with === undefined ? {} : { with: options.with }),
      ...(options.before === undefined ? {} : { before: options.before }),
    });
    return reply.messages.map((message) => {
      const key = this.store.keyOf(withOf(message, this.store.me())) ?? EVERYONE;
      return { message, key, where: this.store.get(key)?.title ?? '' };
    });
  }

  /**
   * Opens the result's conversation with its message loaded (older pages fetched as needed), so
   * that the message list can scroll to it. Whether the message is there.
   */
  public async reveal(hit: SearchHit): Promise<boolean> {
    this.store.select(hit.key);
    for (let page = 0; page < MAX_PAGES_TO_REACH; page++) {
      const conversation = this.store.get(hit.key);
      if (!conversation) return false;
      if (conversation.messages.some((m) => m.id === hit.message.msgId)) return true;
      if (conversation.loading) {
        // The first page the selection asked for is on its way.
        await new Promise((resolve) => setTimeout(resolve, 50));
        page--;
        continue;
      }
      const oldest = conversation.messages.find((m) => m.seq !== undefined)?.seq;
      const passed = oldest !== undefined && oldest < hit.message.seq;
      if (conversation.historyLoaded && (!conversation.hasMore || passed)) return false;
      await this.history.loadOlder(hit.key);
    }
    return false;
  }
}

/** The conversation of a message as `history` takes it, for `me`. */
function withOf(message: MessageFrame, me: string): Recipient {
  if (message.kind === 'all') return '*';
  if (message.kind === 'room') return String(message.to);
  const { members } = conversationOf(message, me);
  return members.length === 1 ? members[0] : members;
}
