import type { MessageKind } from '@chat/protocol';

/**
 * The key that groups the messages of one conversation: `"*"` for everyone, else the kind's
 * initial and the sorted, lower-cased participants (the sender included).
 */
export function conversationKey(kind: MessageKind, participants: readonly string[]): string {
  if (kind === 'all') return '*';
  const names = [...new Set(participants.map((p) => p.toLowerCase()))].sort();
  return `${kind === 'private' ? 'p' : 'g'}:${names.join(',')}`;
}
