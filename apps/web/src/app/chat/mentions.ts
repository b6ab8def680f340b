/** What a user name may hold (USERNAME_PATTERN's characters): a mention ends where they do. */
const NAME_CHAR = /[A-Za-z0-9_.-]/;
/** `@` and a name; the name's trailing dots and dashes may be the sentence's ("thanks @bob."). */
const MENTION = /@([A-Za-z0-9_.-]+)/g;

/**
 * Whether `text` mentions `name` as `@name`, in any case: not as part of a longer name
 * (`@bobby` is not `@bob`) nor of an address (`mail@bob`).
 */
export function mentionsUser(text: string | undefined, name: string): boolean {
  if (!text || !name) return false;
  const wanted = name.toLowerCase();
  for (const match of text.matchAll(MENTION)) {
    const before = match.index > 0 ? text[match.index - 1] : '';
    if (before && NAME_CHAR.test(before)) continue;
    const token = match[1].toLowerCase();
    if (token === wanted || token.replace(/[.-]+$/, '') === wanted) return true;
  }
  return false;
}
