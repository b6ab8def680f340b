import { describe, expect, it } from 'vitest';

import { FileInfo, MediaInfo, MessageFrame } from '@chat/protocol';

import { formatDuration, formatMediaTag } from './media.format';
import { formatFile, formatMessage } from './message.format';

const NOW = new Date(2026, 10, 22, 18, 0);
const waveform = Array.from({ length: 64 }, () => 128);
const voice = (durationMs: number): MediaInfo => ({ kind: 'voice', durationMs, waveform });
const picture = (width: number, height: number): MediaInfo => ({
  kind: 'image',
  width,
  height,
  thumbId: 't1',
});
const file = (media?: MediaInfo): FileInfo => ({
  id: 'f1',
  name: 'recording.ogg',
  size: 20_000,
  sha256: 'x',
  mime: 'audio/ogg',
  ...(media === undefined ? {} : { media }),
});

describe(formatDuration.name, () => {
  it.each([
    [7_000, '0:07'],
    [7_499, '0:07'],
    [7_500, '0:08'],
    [59_499, '0:59'],
    [59_500, '1:00'],
    [61_000, '1:01'],
    [300_000, '5:00'],
    [599_999, '10:00'],
    [605_000, '10:05'],
    [4_500_000, '75:00'],
    [200, '0:01'],
    [0, '0:00'],
    [-5, '0:00'],
    [Number.NaN, '0:00'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe(formatMediaTag.name, () => {
  it.each<[string, MediaInfo | undefined, string | undefined]>([
    ['voice', voice(7_000), '[voice 0:07]'],
    ['long voice', voice(754_000), '[voice 12:34]'],
    ['picture', picture(1280, 960), '[picture 1280×960]'],
    ['portrait picture', picture(1080, 1920), '[picture 1080×1920]'],
    ['no media', undefined, undefined],
    ['voice without a duration', { kind: 'voice', waveform } as unknown as MediaInfo, undefined],
    ['picture of no size', picture(0, 960), undefined],
    ['picture of a fractional size', picture(12.5, 960), undefined],
    ['a kind this client does not know', { kind: 'video' } as unknown as MediaInfo, undefined],
  ])('%s', (_case, media, expected) => {
    expect(formatMediaTag(media)).toBe(expected);
  });
});

describe(formatFile.name, () => {
  it.each<[string, FileInfo, string]>([
    ['a voice message', file(voice(7_000)), '[voice 0:07] /play f1 · /get f1'],
    ['a picture', file(picture(1280, 960)), '[picture 1280×960] /get f1'],
    ['a plain file', file(), '[file recording.ogg, 20.0 kB: /get f1]'],
    [
      'media it cannot describe: a file',
      file({ kind: 'video' } as unknown as MediaInfo),
      '[file recording.ogg, 20.0 kB: /get f1]',
    ],
  ])('%s', (_case, info, expected) => {
    expect(formatFile(info)).toBe(expected);
  });
});

// The message line is what the REPL, /history and `--listen` print alike.
describe(formatMessage.name, () => {
  const message = (fields: Partial<MessageFrame>): MessageFrame => ({
    type: 'message',
    seq: 1,
    msgId: 'm1',
    ts: new Date(2026, 10, 22, 10, 2).toISOString(),
    from: 'alice',
    to: '*',
    kind: 'all',
    ...fields,
  });

  it.each<[string, Partial<MessageFrame>, string]>([
    ['voice to everyone', { file: file(voice(7_000)) }, '[10:02] alice: [voice 0:07] /play f1 · /get f1'],
    [
      'private picture',
      { to: 'bob', kind: 'private', file: file(picture(1280, 960)) },
      '[10:02] alice → you (private): [picture 1280×960] /get f1',
    ],
    [
      'picture with a caption',
      { text: 'me!', file: file(picture(960, 1280)) },
      '[10:02] alice: me! [picture 960×1280] /get f1',
    ],
  ])('%s', (_case, fields, expected) => {
    expect(formatMessage(message(fields), 'bob', NOW)).toBe(expected);
  });
});
