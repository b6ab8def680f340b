import type { IncomingMessage, ServerResponse } from 'node:http';

import { MAX_JSON_DEPTH } from '@chat/protocol';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }

/**
 * How deep arrays and objects nest in a JSON text, counted over its bytes without parsing it, and
 * without recursion: a body nested 45,000 deep is answered, not a stack overflow. Stops counting
 * past `max` (the answer is then `max + 1`). Brackets inside strings do not count; the text
 * need not be valid JSON (the parser says so afterwards).
 */
export function jsonDepth(text: Uint8Array, max = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPEN.has(byte)) {
      if (++depth > deepest && (deepest = depth) > max) return deepest;
    } else if (CLOSE.has(byte)) {
      depth--;
    }
  }
  return deepest;
}

/** An error body-parser hands on as a 400 with its message (http-errors' `status` and `expose`). */
function badRequest(message: string): Error {
  return Object.assign(new Error(message), { status: 400, expose: true });
}

/**
 * body-parser's `verify` for JSON bodies: refuses one nested deeper than MAX_JSON_DEPTH before it
 * is parsed (400 INVALID). Counting bytes is exact in UTF-8, where every byte of a multi-byte
 * character is above 0x7f; JSON between systems is UTF-8 (RFC 8259 §8.1), so other charsets,
 * which body-parser would decode, are refused (415) rather than miscounted.
 */
export function verifyJsonBody(
  _req: IncomingMessage,
  _res: ServerResponse,
  body: Buffer,
  encoding: string,
): void {
  if (encoding.toLowerCase() !== 'utf-8') {
    throw Object.assign(new Error('JSON bodies are UTF-8'), { status: 415, expose: true });
  }
  if (jsonDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw badRequest(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
}
