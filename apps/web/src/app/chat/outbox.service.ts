import { inject, Injectable } from '@angular/core';

import { ChatError, FileInfo, REPLY_QUOTE_LENGTH, ReplyQuote } from '@chat/protocol';

import { ChatSocket, ConnectionLostError } from '../core/chat-socket.service';
import { ChatStatus } from './chat-status.service';
import { ChatMessage, ConversationKey, mergeMessages, recipientOf } from './conversation';
import { ConversationStore } from './conversation-store.service';

/** What a message may carry beside text and file: the message it answers, or that it is an action. */
export interface SendExtra {
  replyTo?: ChatMessage;
  me?: boolean;
}

/** Sending: a message shows at once as "sending", then "sent" with the server's seq, or "failed" with why. */
@Injectable({ providedIn: 'root' })
export class Outbox {
  private readonly socket = inject(ChatSocket);
  private readonly conversations = inject(ConversationStore);
  private readonly status = inject(ChatStatus);
  private nextLocalId = 1;

  /**
   * Sends text and/or a file to the open conversation, or to `key`: an upload names the one that
   * was open when it started, since the user may have moved on by the time it is done.
   */
  public async send(
    text: string,
    file?: FileInfo,
    key?: ConversationKey,
    extra: SendExtra = {},
  ): Promise<void> {
    const conversation = key === undefined ? this.conversations.active() : this.conversations.get(key);
    if (!conversation || (!text.trim() && !file)) return;
    const local: ChatMessage = {
      id: `local-${this.nextLocalId++}`,
      ts: new Date().toISOString(),
      from: this.conversations.me(),
      mine: true,
      ...(text.trim() ? { text } : {}),
      ...(file ? { file } : {}),
      ...(extra.me ? { me: true } : {}),
      ...(extra.replyTo ? { replyTo: quoteOf(extra.replyTo) } : {}),
      state: 'sending',
    };
    this.conversations.patch(conversation.key, (c) => ({ ...c, messages: [...c.messages, local] }));
    await this.deliver(conversation.key, local);
  }

  /** Sends a failed message again. */
  public async retry(key: ConversationKey, id: string): Promise<void> {
    const message = this.conversations.get(key)?.messages.find((m) => m.id === id && m.state === 'failed');
    if (!message) return;
    this.conversations.replace(key, id, { ...message, state: 'sending', error: undefined });
    await this.deliver(key, { ...message, state: 'sending' });
  }

  private async deliver(key: ConversationKey, local: ChatMessage): Promise<void> {
    const conversation = this.conversations.get(key);
    if (!conversation) return;
    try {
      const ok = await this.socket.request('send', {
        to: recipientOf(conversation),
        ...(local.text ? { text: local.text } : {}),
        ...(local.file ? { fileId: local.file.id } : {}),
        ...(local.me ? { me: true } : {}),
        ...(local.replyTo ? { replyTo: local.replyTo.msgId } : {}),
      });
      const sent: ChatMessage = { ...local, id: ok.msgId, seq: ok.seq, ts: ok.ts, state: 'sent' };
      // The echo of the message may have come first: then it stays, and the local copy goes.
      this.conversations.patch(key, (c) => {
        const others = c.messages.filter((m) => m.id !== local.id);
        return {
          ...c,
          messages: c.messages.some((m) => m.id === ok.msgId) ? others : mergeMessages(others, [sent]),
        };
      });
    } catch (err) {
      if (err instanceof ChatError && err.code === 'MUTED') {
        const until = err.details['until'];
        this.status.setMuted({ until: typeof until === 'string' ? until : null });
      }
      this.conversations.replace(key, local.id, { ...local, state: 'failed', error: failureText(err) });
    }
  }
}

function failureText(err: unknown): string {
  if (err instanceof ConnectionLostError) return 'Not sent: connection lost';
  if (err instanceof ChatError) return err.message;
  return 'Not sent';
}

/** The quote a reply shows while it is being sent (the server sends the same once it is stored). */
function quoteOf(message: ChatMessage): ReplyQuote {
  return {
    msgId: message.id,
    seq: message.seq ?? 0,
    from: message.from,
    ...(message.text ? { text: [...message.text].slice(0, REPLY_QUOTE_LENGTH).join('') } : {}),
    ...(!message.text && message.file ? { file: message.file.name } : {}),
  };
}
