import type { MessageFrame } from './frames';

/**
 * A user's conversation list (the admin API's `GET /api/conversations`): the private and group
 * conversations, each by its latest message. One shape for the api that answers and the web client
 * that asks.
 */
export const CONVERSATION_KINDS = ['private', 'group'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

export const CONVERSATIONS_DEFAULT_LIMIT = 50;
export const CONVERSATIONS_MAX_LIMIT = 200;

export interface ConversationSummary {
  kind: ConversationKind;
  /** The others, canonical names: one for a private conversation, sorted names for a group, as `history` takes them. */
  with: string | string[];
  last: MessageFrame;
}
