/**
 * What a user name looks like, for refusing look-alikes ("aIice" beside "alice", "rn" for "m").
 * Two names look alike when their skeletons are equal.
 *
 * This is the skeleton of Unicode TR39 (UTS #39, Unicode Security Mechanisms, §4 Confusable
 * Detection: https://www.unicode.org/reports/tr39/#Confusable_Detection) for the only characters a
 * name may have (USERNAME_PATTERN: A-Z a-z 0-9 _ . -), made case-insensitive since names are. The
 * rows of confusables.txt whose source is one of those characters are the four below; TR39's
 * skeleton is taken before and after case folding (`map(fold(map(name)))`), so that a capital I is
 * an l, as it looks, and not the i it folds to. Two pairs that TR39 leaves out but that a sans-serif
 * font makes as hard to tell apart as "rn" and "m" are added: "vv" for "w" and "cl" for "d".
 */
const PROTOTYPES: Readonly<Record<string, string>> = {
  // confusables.txt (TR39): 0030 → 004F, 0031 → 006C, 0049 → 006C, 006D → 0072 006E.
  '0': 'O',
  '1': 'l',
  I: 'l',
  m: 'rn',
  // This server's additions.
  w: 'vv',
  d: 'cl',
};

function prototypes(text: string): string {
  let out = '';
  for (const char of text) out += PROTOTYPES[char] ?? char;
  return out;
}

/** The skeleton of a user name: equal for names that look alike, in any case. */
export function nameSkeleton(username: string): string {
  return prototypes(prototypes(username).toLowerCase());
}
