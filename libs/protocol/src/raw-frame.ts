import { MAX_ID_LENGTH } from './limits';

/** A frame as it came off the wire: a JSON object with a string `type`, not yet validated. */
export interface RawFrame {
  type: string;
  [field: string]: unknown;
}

/** The frame's `id` when it is one a reply may echo as `re` (a string of at most 64 characters). */
export function requestId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.length <= MAX_ID_LENGTH ? id : undefined;
}
