import { MediaInfo } from '@chat/protocol';

/**
 * A voice message's length as `m:ss` (`0:07`, `12:05`, `75:00`: minutes are not split into hours,
 * voice messages are minutes long). Rounded to the nearest second, as the players of the messengers
 * show it, but never `0:00` for a recording that has sound in it.
 */
export function formatDuration(durationMs: number): string {
  const seconds =
    Number.isFinite(durationMs) && durationMs > 0 ? Math.max(1, Math.round(durationMs / 1000)) : 0;
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

const isSize = (n: unknown): n is number => Number.isInteger(n) && (n as number) > 0;

/**
 * `[voice 0:07]` or `[picture 1280×960]`; undefined when there is no media or it is not one this
 * client can describe (a newer kind, or fields a server got wrong): the file is then shown as a file.
 */
export function formatMediaTag(media: MediaInfo | undefined): string | undefined {
  if (media?.kind === 'voice' && typeof media.durationMs === 'number' && Number.isFinite(media.durationMs)) {
    return `[voice ${formatDuration(media.durationMs)}]`;
  }
  if (media?.kind === 'image' && isSize(media.width) && isSize(media.height)) {
    return `[picture ${media.width}×${media.height}]`;
  }
  return undefined;
}
