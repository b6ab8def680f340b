export interface Emoji {
  /** What is sent and stored: the Unicode emoji, so every client (the terminal one too) shows it. */
  readonly char: string;
  /** The picture's tooltip and accessible name. */
  readonly name: string;
  /** The Twemoji picture (code points in hex, without U+FE0F), under {@link EMOJI_PATH}. */
  readonly file: string;
}

/**
 * Where the build puts the pictures: angular.json copies exactly these files from `@twemoji/svg`
 * (the spec checks that its glob and this list agree). Relative, so it follows `<base href>`.
 */
export const EMOJI_PATH = 'emoji/';

/** The 20 expression pictures of the picker; the message list shows these as pictures too. */
export const EMOJI: readonly Emoji[] = [
  { char: '😀', name: 'grinning', file: '1f600.svg' },
  { char: '😂', name: 'tears of joy', file: '1f602.svg' },
  { char: '🙂', name: 'smiling', file: '1f642.svg' },
  { char: '😉', name: 'winking', file: '1f609.svg' },
  { char: '😍', name: 'heart eyes', file: '1f60d.svg' },
  { char: '😘', name: 'blowing a kiss', file: '1f618.svg' },
  { char: '😎', name: 'sunglasses', file: '1f60e.svg' },
  { char: '🤔', name: 'thinking', file: '1f914.svg' },
  { char: '😮', name: 'surprised', file: '1f62e.svg' },
  { char: '😢', name: 'crying', file: '1f622.svg' },
  { char: '😭', name: 'sobbing', file: '1f62d.svg' },
  { char: '😡', name: 'angry', file: '1f621.svg' },
  { char: '😴', name: 'sleeping', file: '1f634.svg' },
  { char: '🤗', name: 'hugging', file: '1f917.svg' },
  { char: '🙄', name: 'rolling eyes', file: '1f644.svg' },
  { char: '😇', name: 'halo', file: '1f607.svg' },
  { char: '🥳', name: 'partying', file: '1f973.svg' },
  { char: '👍', name: 'thumbs up', file: '1f44d.svg' },
  { char: '👏', name: 'clapping', file: '1f44f.svg' },
  { char: '❤️', name: 'red heart', file: '2764.svg' },
];

export type TextSegment = { kind: 'text'; text: string } | { kind: 'emoji'; emoji: Emoji };

const VARIATION_SELECTOR = '\uFE0F';
const withoutSelector = (s: string): string => s.replaceAll(VARIATION_SELECTOR, '');
const BY_BASE = new Map(EMOJI.map((e) => [withoutSelector(e.char), e]));

/**
 * One of the 20, with or without the emoji variation selector (other clients may send `❤` bare),
 * but not when it is part of a longer sequence it would mangle: a skin tone (`👍🏽`) or a ZWJ
 * sequence (`😮‍💨`, `👩‍❤️‍👨`) stays text.
 */
const EMOJI_RE = new RegExp(
  `(?<!\\u200D)(${[...BY_BASE.keys()].join('|')})\\uFE0F?(?![\\u{1F3FB}-\\u{1F3FF}\\u200D])`,
  'gu',
);

/** Splits message text into text and pictures of the 20 emoji; the text in between is kept as it is. */
export function emojiSegments(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let from = 0;
  for (const match of text.matchAll(EMOJI_RE)) {
    if (match.index > from) segments.push({ kind: 'text', text: text.slice(from, match.index) });
    segments.push({ kind: 'emoji', emoji: BY_BASE.get(match[1])! });
    from = match.index + match[0].length;
  }
  if (from < text.length) segments.push({ kind: 'text', text: text.slice(from) });
  return segments;
}

/** Whether the text is one of the 20 emoji and nothing else (the message list shows it larger). */
export function isSingleEmoji(segments: readonly TextSegment[]): boolean {
  return segments.length === 1 && segments[0].kind === 'emoji';
}
