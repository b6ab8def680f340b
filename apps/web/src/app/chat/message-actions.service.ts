import { inject, Injectable, signal } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';

import { reasonOf } from '../admin/admin-ui';
import { ChatSocket } from '../core/chat-socket.service';
import { ChatMessage, ConversationKey } from './conversation';

/** What the composer is doing to an earlier message: answering it, or changing its text. */
export type ComposerMode =
  | { kind: 'reply'; key: ConversationKey; message: ChatMessage }
  | { kind: 'edit'; key: ConversationKey; message: ChatMessage };

/**
 * Edits, deletions, reactions and the composer's reply/edit mode. The server answers ok and then
 * tells every client (this one too) with a message.update, which the store applies: nothing is
 * changed here before the server agreed.
 */
@Injectable({ providedIn: 'root' })
export class MessageActions {
  private readonly socket = inject(ChatSocket);
  private readonly snackBar = inject(MatSnackBar);
  public readonly mode = signal<ComposerMode | null>(null);

  public replyTo(key: ConversationKey, message: ChatMessage): void {
    this.mode.set({ kind: 'reply', key, message });
  }

  public startEdit(key: ConversationKey, message: ChatMessage): void {
    this.mode.set({ kind: 'edit', key, message });
  }

  public cancel(): void {
    this.mode.set(null);
  }

  public async edit(message: ChatMessage, text: string): Promise<boolean> {
    return this.act(() => this.socket.request('edit', { msgId: message.id, text }));
  }

  public async remove(message: ChatMessage): Promise<boolean> {
    return this.act(() => this.socket.request('delete', { msgId: message.id }));
  }

  /** Adds the user's reaction, or takes it back when they gave it already. */
  public async toggleReaction(message: ChatMessage, emoji: string, me: string): Promise<boolean> {
    const given = message.reactions
      ?.find((r) => r.emoji === emoji)
      ?.users.some((u) => u.toLowerCase() === me.toLowerCase());
    return this.act(() =>
      this.socket.request('react', { msgId: message.id, emoji, ...(given ? { remove: true } : {}) }),
    );
  }

  private async act(request: () => Promise<unknown>): Promise<boolean> {
    try {
      await request();
      return true;
    } catch (err) {
      this.snackBar.open(reasonOf(err, 'That did not work'), 'Dismiss', { duration: 6000 });
      return false;
    }
  }
}
