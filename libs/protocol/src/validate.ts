import { z } from 'zod';

import { ChatError } from './errors';
import { ClientFrame, clientFrameSchemas, ClientFrameType, recipientSchema } from './frames';
import { isMediaType, MAX_ID_LENGTH, MEDIA_TYPE_RULE, MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from './limits';
import type { RawFrame } from './raw-frame';

type RawIssue = z.core.$ZodRawIssue;

/** Built once, used only to explain a frame already found invalid. */
const PARSE_CONTEXT = { error: describeIssue } as const;

/** Validates a decoded frame against clientFrameSchemas; throws UNKNOWN_TYPE or INVALID naming the first bad field. */
export function parseClientFrame(raw: RawFrame): ClientFrame {
  const type = raw.type;
  if (!Object.hasOwn(clientFrameSchemas, type)) {
    throw new ChatError(
      'UNKNOWN_TYPE',
      `Unknown frame type: ${type.length > 64 ? `${type.slice(0, 64)}...` : type}`,
    );
  }
  // The id is checked first: it is what an error reply needs, and its own error is the one to report.
  const id = raw.id;
  if (id !== undefined) {
    if (typeof id !== 'string') throw new ChatError('INVALID', 'id: expected a string');
    if (id.length > MAX_ID_LENGTH) {
      throw new ChatError('INVALID', `id: must be at most ${MAX_ID_LENGTH} characters`);
    }
  }
  const schema: z.ZodType<ClientFrame> = clientFrameSchemas[type as ClientFrameType];
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  // Parsed again, only when invalid, with the readable messages: any parse context turns off
  // zod's compiled fast path (about 6x slower), so the valid frames of the hot path go without.
  const explained = schema.safeParse(raw, PARSE_CONTEXT);
  const { path, message } = innermost((explained.error ?? result.error).issues[0]);
  throw new ChatError('INVALID', `${formatPath(path)}: ${message}`);
}

/** Throws ChatError('INVALID_USERNAME') unless the name matches USERNAME_PATTERN. */
export function assertUsername(name: string): void {
  if (typeof name !== 'string' || !USERNAME_PATTERN.test(name)) throw new ChatError('INVALID_USERNAME');
}

/** Throws ChatError('WEAK_PASSWORD') unless it has at least MIN_PASSWORD_LENGTH characters. */
export function assertPassword(password: string): void {
  if (typeof password !== 'string' || codePointCount(password, MIN_PASSWORD_LENGTH) < MIN_PASSWORD_LENGTH) {
    throw new ChatError('WEAK_PASSWORD');
  }
}

/**
 * Whether a text has more than `max` characters as people count them (code points), in O(1) for
 * most texts: UTF-16 units bound code points from above and, halved, from below, so only a text
 * between max and 2*max units is walked, and no further than max + 1 characters.
 */
export function exceedsCharacters(text: string, max: number): boolean {
  if (text.length <= max) return false;
  if (text.length > 2 * max) return true;
  return codePointCount(text, max + 1) > max;
}

/**
 * Throws ChatError('INVALID') naming `mime` unless it is a media type (MEDIA_TYPE_PATTERN): the
 * rule of `file.offer`'s `mime`, for the uploads that do not come as a frame (HTTP multipart).
 */
export function assertMediaType(mime: string): void {
  if (!isMediaType(mime)) throw new ChatError('INVALID', `mime: ${MEDIA_TYPE_RULE}`, { field: 'mime' });
}

/** Characters as people count them (an emoji is one, not two UTF-16 units), counting no further than `enough`. */
function codePointCount(text: string, enough: number): number {
  let count = 0;
  for (const _char of text) if (++count >= enough) break;
  return count;
}

/**
 * For a union whose input has the type of one of its forms (e.g. an array for `to`), that form's
 * own problem ("to[1]: expected a string") says more than "expected one of the forms".
 */
function innermost(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  let path = issue.path;
  let current = issue;
  while (current.code === 'invalid_union') {
    const form = current.errors.find((issues) => issues.length > 0 && !isRootTypeMismatch(issues[0]));
    if (form === undefined) break;
    current = form[0];
    path = [...path, ...current.path];
  }
  return { path, message: current.message };
}

function isRootTypeMismatch(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 0;
}

/** `to[0]`, `limit`: the field first, as the message names it. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? 'frame' : out;
}

/** A short problem text for one zod issue; the field is prefixed by parseClientFrame. */
function describeIssue(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      if (issue.expected === 'int') return 'expected an integer';
      return `expected ${withArticle(issue.expected)}`;
    case 'invalid_union':
      if (issue.inst === recipientSchema) return 'expected a string or a non-empty array of strings';
      return 'has none of the accepted forms';
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'too_small':
      return describeBound(issue.origin, Number(issue.minimum), issue.inclusive !== false, 'small');
    case 'too_big':
      return describeBound(issue.origin, Number(issue.maximum), issue.inclusive !== false, 'big');
    case 'invalid_format':
      return 'has an invalid format';
    default:
      return undefined;
  }
}

function describeBound(origin: string, limit: number, inclusive: boolean, side: 'small' | 'big'): string {
  if (origin === 'string') {
    if (side === 'small') return limit === 1 ? 'must not be empty' : `must be at least ${limit} characters`;
    return `must be at most ${limit} characters`;
  }
  if (origin === 'array') {
    if (side === 'small') return limit === 1 ? 'must not be empty' : `must have at least ${limit} items`;
    return `must have at most ${limit} items`;
  }
  if (side === 'small') {
    if (inclusive) return `must be at least ${limit}`;
    return limit === 0 ? 'must be positive' : `must be greater than ${limit}`;
  }
  return inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
}

function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
