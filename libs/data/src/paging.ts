/** Page size when a query names none: small enough for an admin screen, large enough to be useful. */
export const DEFAULT_PAGE_LIMIT = 50;
/** A ceiling on any page, so that a careless caller cannot ask a store for everything at once. */
export const MAX_PAGE_LIMIT = 1000;

export interface PageWindow {
  offset: number;
  limit: number;
}

/** Offset and limit as whole numbers in range, whatever the caller passed. */
export function pageWindow(query: { offset?: number; limit?: number }): PageWindow {
  return {
    offset: wholeNumber(query.offset, 0, Number.MAX_SAFE_INTEGER),
    limit: wholeNumber(query.limit ?? DEFAULT_PAGE_LIMIT, 0, MAX_PAGE_LIMIT),
  };
}

/**
 * A limit for message queries, never capped: callers page until a page comes back short, so a
 * silent cap would end their paging early. Zero or less means no rows: SQLite reads a negative
 * LIMIT as "no limit" and MongoDB reads 0 the same way, so neither may ever see one.
 */
export function messageLimit(limit: number): number {
  return wholeNumber(limit, 0, Number.MAX_SAFE_INTEGER);
}

function wholeNumber(value: number | undefined, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}
