import { ChatError } from './errors';
import { RawFrame, requestId } from './raw-frame';

/** A BAD_FRAME error that remembers the `id` of the offending frame when it had a usable one. */
export class BadFrameError extends ChatError {
  constructor(
    message: string,
    public readonly re?: string,
  ) {
    super('BAD_FRAME', message);
  }
}

/**
 * One line's text (or one WebSocket message) as a RawFrame, or the BAD_FRAME error it deserves.
 * Apart from the codec because it needs no Buffer: browsers parse their frames with it too.
 */
export function readFrameText(text: string): RawFrame | BadFrameError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new BadFrameError('Not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new BadFrameError('Not a JSON object');
  }
  if (typeof (value as RawFrame).type !== 'string') {
    return new BadFrameError('A frame needs a string "type"', requestId(value));
  }
  return value as RawFrame;
}

/** JSON text without newline (one WebSocket text message = one frame). */
export function serializeFrame(frame: object): string {
  return JSON.stringify(frame);
}

/** Parses one WebSocket text message / one line into a RawFrame or throws ChatError('BAD_FRAME') (a BadFrameError, with `re`). */
export function parseFrameText(text: string): RawFrame {
  const frame = readFrameText(text);
  if (frame instanceof BadFrameError) throw frame;
  return frame;
}
