/** MongoDB's duplicate key error, from a single write or from a bulk one. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: unknown; writeErrors?: Array<{ code?: unknown }> } | null;
  return e?.code === 11000 || (e?.writeErrors?.some((w) => w.code === 11000) ?? false);
}

/** How many documents an ordered insertMany wrote before it failed; 0 when unknown. */
export function insertedBeforeFailure(err: unknown): number {
  const e = err as { insertedCount?: unknown; result?: { insertedCount?: unknown } } | null;
  const count = e?.insertedCount ?? e?.result?.insertedCount;
  return typeof count === 'number' ? count : 0;
}

/** A user's text as a literal inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
