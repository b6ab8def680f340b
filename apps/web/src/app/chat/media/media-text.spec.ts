import { ChatError } from '@chat/protocol';

import { pickRecordingType, recordingExtension } from './media-devices';
import {
  formatDuration,
  formatLength,
  isFinalMediaError,
  mediaErrorText,
  timestampedName,
} from './media-text';

describe('media-text', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [7_300, '0:07'],
    [65_000, '1:05'],
    [300_000, '5:00'],
    [3_725_000, '1:02:05'],
    [-5, '0:00'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [300, '0:01'],
    [1_499, '0:01'],
    [1_500, '0:02'],
    [7_300, '0:07'],
  ])('shows a recording of %d ms as %s long (never 0:00)', (ms, text) => {
    expect(formatLength(ms)).toBe(text);
  });

  it('names files by the local time they were made', () => {
    expect(timestampedName('selfie', 'jpg', new Date(2026, 0, 5, 9, 3, 7))).toBe(
      'selfie-20260105-090307.jpg',
    );
  });

  it.each([
    ['UNSUPPORTED_MEDIA', 'picture', 'the server could not read the picture.', true],
    ['UNSUPPORTED_MEDIA', 'voice message', 'the server found no sound it could read in the recording.', true],
    ['MEDIA_TOO_LONG', 'voice message', 'it is longer than this server accepts.', true],
    ['FILE_TOO_LARGE', 'picture', 'it is larger than this server accepts.', true],
    [
      'MEDIA_UNAVAILABLE',
      'picture',
      'this server cannot process voice messages and pictures right now (no ffmpeg).',
      false,
    ],
    ['RATE_LIMITED', 'picture', 'Too many requests.', false],
  ] as const)('explains %s for a %s', (code, what, text, final) => {
    const err = new ChatError(code, code === 'RATE_LIMITED' ? 'Too many requests' : undefined);
    expect([mediaErrorText(err, what), isFinalMediaError(err)]).toEqual([text, final]);
  });

  it.each([
    ['audio/webm;codecs=opus', 'webm'],
    ['audio/mp4;codecs=mp4a.40.2', 'm4a'],
    ['audio/ogg;codecs=opus', 'ogg'],
    ['', 'webm'],
  ])('names a %s recording .%s', (type, ext) => {
    expect(recordingExtension(type)).toBe(ext);
  });

  it('records the best type the browser has', () => {
    expect(pickRecordingType(() => true)).toBe('audio/webm;codecs=opus');
    expect(pickRecordingType((t) => t === 'audio/mp4')).toBe('audio/mp4');
    expect(pickRecordingType(() => false)).toBeUndefined();
  });
});
