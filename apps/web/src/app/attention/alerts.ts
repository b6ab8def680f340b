import { MessageFrame } from '@chat/protocol';
import { mentionsUser } from '@chat/protocol';

import { ConversationKey, conversationOf, fromFrame, messagePreview } from '../chat/conversation';

/** Why a message calls for the user's attention. */
export type AlertReason = 'private' | 'group' | 'mention';

/** A message that calls for the user's attention: what to tell, and the conversation to open. */
export interface MessageAlert {
  key: ConversationKey;
  reason: AlertReason;
  title: string;
  body: string;
}

/** Where the user is when a message comes. */
export interface AlertContext {
  me: string;
  /** The conversation open in this tab. */
  openKey: ConversationKey;
  /** Whether the page is out of sight. */
  hidden: boolean;
  /** A conversation's title as the list shows it ("#dev", "Everyone", "bob, carol"). */
  titleOf: (key: ConversationKey) => string;
}

/** A notification's body: the start of the message. */
export const ALERT_BODY_LENGTH = 140;

const clip = (text: string): string =>
  text.length > ALERT_BODY_LENGTH ? `${text.slice(0, ALERT_BODY_LENGTH - 1)}…` : text;

/**
 * Whether a delivered message calls for attention, and what to say: a private or group message,
 * or one that mentions the user anywhere, from someone else, while the page is out of sight or
 * another conversation is open. One's own messages, calls (they ring), deleted messages and those
 * in plain sight do not.
 */
export function alertFor(frame: MessageFrame, ctx: AlertContext): MessageAlert | null {
  if (frame.from.toLowerCase() === ctx.me.toLowerCase() || frame.call || frame.deleted) return null;
  const { key } = conversationOf(frame, ctx.me);
  if (!ctx.hidden && key === ctx.openKey) return null;
  const mentioned = mentionsUser(frame.text, ctx.me);
  const reason: AlertReason | null =
    frame.kind === 'private' ? 'private' : frame.kind === 'group' ? 'group' : mentioned ? 'mention' : null;
  if (reason === null) return null;
  const preview = messagePreview(fromFrame(frame, ctx.me));
  const body = clip(frame.me ? `${frame.from} ${preview}` : preview);
  const where = ctx.titleOf(key);
  const title =
    reason === 'private'
      ? frame.from
      : reason === 'group'
        ? `${frame.from} in ${where}${mentioned ? ' (mentions you)' : ''}`
        : `${frame.from} mentioned you in ${where}`;
  return { key, reason, title, body };
}
