import type { Restriction } from '@chat/data';

/** The restriction if it is still in force at `now`, else null (timed bans and mutes end by themselves). */
export function activeRestriction(r: Restriction | null | undefined, now = Date.now()): Restriction | null {
  if (!r) return null;
  return r.until === null || r.until.getTime() > now ? r : null;
}

export function untilIso(r: Restriction): string | null {
  return r.until ? r.until.toISOString() : null;
}

export function untilFromMinutes(minutes: number | undefined, now = Date.now()): Date | null {
  return minutes === undefined ? null : new Date(now + Math.round(minutes * 60_000));
}
