import { Conversation } from './conversation';

/** How many names the composer offers at once. */
export const MAX_MENTION_SUGGESTIONS = 8;

/**
 * Who the composer offers for an `@`: the users online, and those known from the open
 * conversation (its members and whoever wrote in it); not `me`, each once, online ones first.
 */
export function mentionableNames(
  online: readonly string[],
  conversation: Conversation | null,
  me: string,
): string[] {
  const known = conversation ? [...conversation.members, ...conversation.messages.map((m) => m.from)] : [];
  const seen = new Set([me.toLowerCase()]);
  const firstSpellings = (names: readonly string[]): string[] =>
    names.filter((name) => !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase()));
  const byName = (a: string, b: string): number => a.localeCompare(b);
  return [...firstSpellings(online).sort(byName), ...firstSpellings(known).sort(byName)];
}

/** The names that start with what was typed after the `@`, without regard to case. */
export function namesStartingWith(names: readonly string[], prefix: string): string[] {
  const typed = prefix.toLowerCase();
  return names.filter((name) => name.toLowerCase().startsWith(typed)).slice(0, MAX_MENTION_SUGGESTIONS);
}
