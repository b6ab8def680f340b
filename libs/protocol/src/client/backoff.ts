export const RECONNECT_MIN_MS = 500;
export const RECONNECT_MAX_MS = 10_000;

/**
 * Delay before reconnect attempt `attempt` (0-based): doubling from 0.5 s, at most 10 s, with
 * ±20% jitter so that many clients dropped at once do not come back in lockstep.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(attempt, 16));
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(RECONNECT_MAX_MS, Math.max(RECONNECT_MIN_MS, jittered)));
}
