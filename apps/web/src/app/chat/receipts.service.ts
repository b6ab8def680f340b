import { inject, Injectable, signal } from '@angular/core';

import { ReceiptFrame, UserSettings } from '@chat/protocol';

import { ChatSocket } from '../core/chat-socket.service';
import { ConversationKey, recipientOf } from './conversation';
import { ConversationStore } from './conversation-store.service';

/**
 * Read receipts ("Seen by bob, carol") of private and group conversations, and the user's switch:
 * with it off the server tells nobody of the user's reads and the user sees nobody's.
 */
@Injectable({ providedIn: 'root' })
export class ReceiptsService {
  private readonly socket = inject(ChatSocket);
  private readonly store = inject(ConversationStore);
  /** On until the log-in reply or the user says otherwise. */
  public readonly enabled = signal(true);

  public onLogin(settings: UserSettings | undefined): void {
    this.enabled.set(settings?.receipts ?? true);
  }

  /** A conversation opened: how far the others have read it. */
  public async load(key: ConversationKey): Promise<void> {
    const conversation = this.store.get(key);
    if (!conversation || !this.enabled()) return;
    if (conversation.kind !== 'private' && conversation.kind !== 'group') return;
    try {
      const reply = await this.socket.request('receipts', { with: recipientOf(conversation) });
      this.store.setReceipts(key, reply.receipts);
    } catch {
      // Receipts are a hint: without them the conversation reads as before.
    }
  }

  public received(frame: ReceiptFrame): void {
    if (!this.enabled()) return;
    const key = this.store.keyOf(frame.with);
    if (key) this.store.setReceipts(key, [{ user: frame.user, seq: frame.seq }]);
  }

  /** Turns receipts on or off for this user, on every device (the server keeps it). */
  public async set(on: boolean): Promise<void> {
    const reply = await this.socket.request('settings', { receipts: on });
    this.enabled.set(reply.receipts);
    if (!reply.receipts) this.store.clearReceipts();
    else await this.load(this.store.activeKey());
  }
}
