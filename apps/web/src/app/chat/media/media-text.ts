import { ChatError } from '@chat/protocol';

/** m:ss (h:mm:ss past an hour), as voice players show lengths and positions. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const s = String(total % 60).padStart(2, '0');
  const m = Math.floor(total / 60);
  return m < 60 ? `${m}:${s}` : `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${s}`;
}

/** A voice message's length as shown before it plays: never 0:00 for a recording under a second. */
export function formatLength(ms: number): string {
  return formatDuration(Math.max(1000, Math.round(ms / 1000) * 1000));
}

/** `prefix-YYYYMMDD-HHMMSS.ext` in local time: names that sort by when they were made. */
export function timestampedName(prefix: string, ext: string, at = new Date()): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const day = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}`;
  const time = `${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
  return `${prefix}-${day}-${time}.${ext}`;
}

export type MediaWhat = 'voice message' | 'picture';

/**
 * Why a voice message or a picture was not sent, in the user's words. The server's own message is
 * written for any client; these say what the user can do about it.
 */
export function mediaErrorText(err: ChatError, what: MediaWhat): string {
  switch (err.code) {
    case 'UNSUPPORTED_MEDIA':
      return what === 'picture'
        ? 'the server could not read the picture.'
        : 'the server found no sound it could read in the recording.';
    case 'MEDIA_TOO_LONG':
      return 'it is longer than this server accepts.';
    case 'MEDIA_UNAVAILABLE':
      return 'this server cannot process voice messages and pictures right now (no ffmpeg).';
    case 'FILE_TOO_LARGE':
      return 'it is larger than this server accepts.';
    default:
      return err.message.endsWith('.') ? err.message : `${err.message}.`;
  }
}

/** Errors that sending the same bytes again cannot cure. */
export function isFinalMediaError(err: ChatError): boolean {
  return ['UNSUPPORTED_MEDIA', 'MEDIA_TOO_LONG', 'FILE_TOO_LARGE', 'INVALID'].includes(err.code);
}
