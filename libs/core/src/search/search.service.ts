import { Inject, Injectable } from '@nestjs/common';

import { STORE, Store } from '@chat/data';
import { ChatError, MessageFrame, Recipient, SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT } from '@chat/protocol';

import { Actor } from '../auth/actor';
import { toMessageFrame } from '../messages/message-frame';
import { MessagesService } from '../messages/messages.service';

export interface SearchInput {
  q: string;
  with?: Recipient;
  from?: string;
  before?: number;
  limit?: number;
}

/** Words a search looks for at most; the rest of a long query is ignored. */
const MAX_WORDS = 10;

/**
 * The words of a query as the stores' full-text indexes cut text into words: runs of letters and
 * digits, lower-cased (the indexes fold case and accents themselves).
 */
export function searchWords(q: string): string[] {
  return (
    q
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, MAX_WORDS);
}

/** Full-text search over the messages the caller may read (protocol.md "As built": search). */
@Injectable()
export class SearchService {
  constructor(
    @Inject(STORE) private readonly store: Store,
    private readonly messages: MessagesService,
  ) {}

  /** Newest first, each message as it is now. */
  public async search(actor: Actor, input: SearchInput): Promise<MessageFrame[]> {
    const words = searchWords(input.q);
    if (words.length === 0) throw new ChatError('INVALID', 'Search for at least one word');
    const conversation =
      input.with === undefined
        ? undefined
        : (await this.messages.address(actor.username, input.with, actor.role)).conversation;
    let from: string | undefined;
    if (input.from !== undefined) {
      const sender = await this.store.users.findByName(input.from);
      if (!sender) throw new ChatError('NO_SUCH_USER', `No such user: ${input.from}`);
      from = sender.username;
    }
    const found = await this.store.messages.search(actor.username, {
      words,
      conversation,
      from,
      before: input.before,
      limit: Math.min(input.limit ?? SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT),
    });
    return found.map(toMessageFrame);
  }
}
