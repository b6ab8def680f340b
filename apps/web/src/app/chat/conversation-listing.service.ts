import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Subscription } from 'rxjs';

import { CONVERSATIONS_MAX_LIMIT } from '@chat/protocol';

import { Conversations } from '../core/api/api.types';
import { ConversationStore } from './conversation-store.service';

/**
 * The api's list of the user's private and group conversations, so that they are listed after a
 * reload too, each with its latest message (which orders the list). Asked for on log-in until it
 * has come once: after a reconnect, `since` catches up instead.
 */
@Injectable({ providedIn: 'root' })
export class ConversationListing {
  private readonly http = inject(HttpClient);
  private readonly conversations = inject(ConversationStore);
  private listing: Subscription | null = null;
  private listed = false;

  /** Asks for the list unless it has come; messages newer than the log-in's `latestSeq` arrive live. */
  public load(latestSeq: number): void {
    if (this.listed) return;
    this.listing?.unsubscribe();
    this.listing = this.http
      .get<Conversations>('/api/conversations', {
        params: { limit: CONVERSATIONS_MAX_LIMIT },
      })
      .subscribe({
        next: (reply) => {
          this.listed = true;
          for (const summary of reply.conversations) this.conversations.addListed(summary, latestSeq);
        },
        // The list then fills from live messages, as it did before; the next log-in asks again.
        error: () => undefined,
      });
  }

  public reset(): void {
    this.listing?.unsubscribe();
    this.listing = null;
    this.listed = false;
  }
}
