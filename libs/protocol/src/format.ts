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
