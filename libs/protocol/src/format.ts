import { USERNAME_MAX_LENGTH, USERNAME_PATTERN } from './limits';

/**
 * 1 B, 1.5 kB, 12.3 MB: a size for people, in decimal units as storage is sold and as the
 * operating systems' file managers mostly show it. One format for the web client and the CLI.
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** One colour of the nick palette: the web's avatar background (white initials on it keep 4.5:1 or more) and the CLI's 256-colour code of the same hue. */
export interface NickColour {
  hex: string;
  ansi256: number;
}

/** The palette every client picks a user's colour from, by `nickColour`. */
export const NICK_COLOURS: readonly NickColour[] = [
  { hex: '#c62828', ansi256: 160 },
  { hex: '#ad1457', ansi256: 162 },
  { hex: '#6a1b9a', ansi256: 91 },
  { hex: '#4527a0', ansi256: 61 },
  { hex: '#283593', ansi256: 63 },
  { hex: '#1565c0', ansi256: 33 },
  { hex: '#006064', ansi256: 30 },
  { hex: '#00695c', ansi256: 36 },
  { hex: '#2e7d32', ansi256: 34 },
  { hex: '#bf360c', ansi256: 166 },
  { hex: '#5d4037', ansi256: 137 },
  { hex: '#37474f', ansi256: 67 },
];

/**
 * A user's colour, the same in every client and on every device: FNV-1a over the lower-cased name
 * (names are unique without regard to case), modulo the palette.
 */
export function nickColour(name: string): NickColour {
  let hash = 0x811c9dc5;
  for (const char of name.toLowerCase()) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return NICK_COLOURS[hash % NICK_COLOURS.length];
}

/** Up to two letters for an avatar: `alice` → `A`, `bob.smith` / `bob_smith` / `bob-smith` → `BS`. */
export function initials(name: string): string {
  const parts = name.split(/[._-]+/).filter((part) => part !== '');
  const letters = parts.length > 1 ? parts[0][0] + parts[1][0] : (parts[0] ?? name).slice(0, 1);
  return letters.toUpperCase();
}

/** An `@name` in a message's text: where its `@` stands, how long it is, and the name as written. */
export interface Mention {
  name: string;
  index: number;
  length: number;
}

/** The characters of a user name (USERNAME_PATTERN), for the mention patterns. */
const NAME_CHAR = '[A-Za-z0-9_.-]';

/**
 * `@` and a run of user-name characters, not inside a word or an e-mail address
 * (`alice@example.org` mentions no one).
 */
const MENTION_RUN = new RegExp(`(?<!${NAME_CHAR})@(${NAME_CHAR}+)`, 'g');
/** The same, ending at the caret: the mention being typed. */
const MENTION_BEFORE_CARET = new RegExp(`(?<!${NAME_CHAR})@(${NAME_CHAR}+)$`);
const NAME_CHARS_AFTER_CARET = new RegExp(`^${NAME_CHAR}*`);

/**
 * The `@name` mentions in a text, in order. The name is the user-name rule (USERNAME_PATTERN) less
 * the full stops that end it, so that `thanks @bob.` names bob; a run too long or too short for a
 * name is no mention. Whether that user exists is not checked: the text alone decides.
 */
export function findMentions(text: string): Mention[] {
  const found: Mention[] = [];
  for (const match of text.matchAll(MENTION_RUN)) {
    const name = match[1].replace(/\.+$/, '');
    if (USERNAME_PATTERN.test(name)) found.push({ name, index: match.index, length: name.length + 1 });
  }
  return found;
}

/** The names a text mentions, each once (the first spelling), as user names match: without regard to case. */
export function mentions(text: string): string[] {
  const names = new Map<string, string>();
  for (const { name } of findMentions(text)) {
    if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  }
  return [...names.values()];
}

/** Whether a text mentions the user `name` (`@Bob` mentions bob). */
export function mentionsUser(text: string | undefined, name: string): boolean {
  if (!text || !name) return false;
  const wanted = name.toLowerCase();
  return findMentions(text).some((m) => m.name.toLowerCase() === wanted);
}

/** A mention being typed: the name so far, and the span (from the `@` to the end of the word) a completion replaces. */
export interface MentionPrefix {
  prefix: string;
  start: number;
  end: number;
}

/** The `@na` typed just before `caret`, for a client to complete; null when the caret is not in one. */
export function mentionPrefixAt(text: string, caret: number): MentionPrefix | null {
  const typed = MENTION_BEFORE_CARET.exec(text.slice(0, caret));
  if (!typed || typed[1].length > USERNAME_MAX_LENGTH) return null;
  const rest = NAME_CHARS_AFTER_CARET.exec(text.slice(caret))![0];
  return { prefix: typed[1], start: typed.index, end: caret + rest.length };
}

/** The text with the mention being typed completed to `@name` and a space, and the caret after them. */
export function completeMention(
  text: string,
  at: MentionPrefix,
  name: string,
): { text: string; caret: number } {
  const rest = text.slice(at.end);
  const mention = `@${name}${rest.startsWith(' ') ? '' : ' '}`;
  return {
    text: text.slice(0, at.start) + mention + rest,
    caret: at.start + mention.length + (rest.startsWith(' ') ? 1 : 0),
  };
}
