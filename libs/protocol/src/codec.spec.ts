import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DecodedItem, DecoderOptions, encodeBlockFrame, encodeFrame, FrameDecoder } from './codec';
import { ChatError } from './errors';
import { parseFrameText, serializeFrame } from './frame-text';
import { RawFrame } from './raw-frame';

/** What a test compares: frames with their block as text, errors by code. */
type Seen = { frame: RawFrame; bytes?: string } | { error: string; fatal: boolean; re?: string };

function seen(items: DecodedItem[]): Seen[] {
  return items.map((item) => {
    if (item.kind === 'error') {
      const out: Seen = { error: item.error.code, fatal: item.fatal };
      if (item.re !== undefined) out.re = item.re;
      return out;
    }
    return item.bytes === undefined
      ? { frame: item.frame }
      : { frame: item.frame, bytes: item.bytes.toString('latin1') };
  });
}

function feed(sut: FrameDecoder, chunks: Buffer[]): DecodedItem[] {
  return chunks.flatMap((chunk) => sut.push(chunk));
}

function bytewise(chunks: Buffer[]): Buffer[] {
  const all = Buffer.concat(chunks);
  return Array.from({ length: all.length }, (_, i) => all.subarray(i, i + 1));
}

const toBuffers = (input: (string | Buffer)[]): Buffer[] =>
  input.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part));

const ping = { type: 'ping' };
const chunkHeader = (bytes: unknown, id?: string): string =>
  JSON.stringify({ type: 'file.chunk', ...(id ? { id } : {}), upload: 'u1', offset: 0, bytes }) + '\n';
const chunkFrame = (bytes: unknown, id?: string): RawFrame => JSON.parse(chunkHeader(bytes, id));
const utf8 = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

interface Case {
  name: string;
  /** Chunks as TCP delivers them; strings are bytes written as latin1. */
  input: (string | Buffer)[];
  options?: DecoderOptions;
  expected: Seen[];
  /** Bytes still buffered at the end. */
  pending?: number;
}

const cases: Case[] = [
  { name: 'one frame', input: ['{"type":"ping"}\n'], expected: [{ frame: ping }] },
  {
    name: 'many frames in one chunk',
    input: ['{"type":"ping","id":"1"}\n{"type":"who"}\n{"type":"ping","id":"3"}\n'],
    expected: [
      { frame: { type: 'ping', id: '1' } },
      { frame: { type: 'who' } },
      { frame: { type: 'ping', id: '3' } },
    ],
  },
  { name: 'CRLF', input: ['{"type":"ping","id":"a"}\r\n'], expected: [{ frame: { type: 'ping', id: 'a' } }] },
  { name: 'CRLF split between chunks', input: ['{"type":"ping"}\r', '\n'], expected: [{ frame: ping }] },
  { name: 'empty lines ignored', input: ['\n\r\n\n{"type":"ping"}\n\n\r\n'], expected: [{ frame: ping }] },
  { name: 'an unfinished line stays pending', input: ['{"type":"ping"}'], expected: [], pending: 15 },
  { name: 'a line split in three', input: ['{"ty', 'pe":"pi', 'ng"}\n'], expected: [{ frame: ping }] },
  { name: 'BAD_FRAME: not JSON', input: ['not json\n'], expected: [{ error: 'BAD_FRAME', fatal: false }] },
  {
    name: 'BAD_FRAME: truncated JSON',
    input: ['{"type":"ping"\n'],
    expected: [{ error: 'BAD_FRAME', fatal: false }],
  },
  {
    name: 'BAD_FRAME: JSON array',
    input: ['[{"type":"ping","id":"x"}]\n'],
    expected: [{ error: 'BAD_FRAME', fatal: false }],
  },
  { name: 'BAD_FRAME: JSON string', input: ['"text"\n'], expected: [{ error: 'BAD_FRAME', fatal: false }] },
  { name: 'BAD_FRAME: JSON null', input: ['null\n'], expected: [{ error: 'BAD_FRAME', fatal: false }] },
  { name: 'BAD_FRAME: JSON number', input: ['42\n'], expected: [{ error: 'BAD_FRAME', fatal: false }] },
  { name: 'BAD_FRAME: whitespace only', input: [' \t\n'], expected: [{ error: 'BAD_FRAME', fatal: false }] },
  {
    name: 'BAD_FRAME: object without type, with re',
    input: ['{"id":"b1"}\n'],
    expected: [{ error: 'BAD_FRAME', fatal: false, re: 'b1' }],
  },
  {
    name: 'BAD_FRAME: type not a string, with re',
    input: ['{"type":42,"id":"b2"}\n'],
    expected: [{ error: 'BAD_FRAME', fatal: false, re: 'b2' }],
  },
  {
    name: 'BAD_FRAME: no re when the id is not a string',
    input: ['{"type":null,"id":7}\n'],
    expected: [{ error: 'BAD_FRAME', fatal: false }],
  },
  {
    name: 'BAD_FRAME: no re when the id is over 64 chars',
    input: [`{"id":"${'i'.repeat(65)}"}\n`],
    expected: [{ error: 'BAD_FRAME', fatal: false }],
  },
  {
    name: 'a bad frame does not stop the stream',
    input: ['garbage\n{"type":"ping"}\n'],
    expected: [{ error: 'BAD_FRAME', fatal: false }, { frame: ping }],
  },
  {
    name: 'a line of exactly maxFrame bytes, CRLF-ended, passes',
    options: { maxFrame: 15 },
    input: ['{"type":"ping"}\r\n'],
    expected: [{ frame: ping }],
  },
  {
    name: 'FRAME_TOO_LARGE as soon as more than maxFrame bytes wait without a newline, then nothing',
    options: { maxFrame: 16 },
    input: ['{"type":"ping"}\n', 'x'.repeat(17), '{"type":"ping"}\n'],
    expected: [{ frame: ping }, { error: 'FRAME_TOO_LARGE', fatal: true }],
    pending: 0,
  },
  {
    name: 'FRAME_TOO_LARGE for a long line that arrives whole',
    options: { maxFrame: 16 },
    input: ['{"type":"ping","pad":"xxxx"}\n{"type":"ping"}\n'],
    expected: [{ error: 'FRAME_TOO_LARGE', fatal: true }],
  },
  {
    name: 'block frame',
    input: [chunkHeader(5) + 'hello{"type":"ping"}\n'],
    expected: [{ frame: chunkFrame(5), bytes: 'hello' }, { frame: ping }],
  },
  {
    name: 'block of binary bytes with newlines inside',
    input: [chunkHeader(6), Buffer.from([0x0a, 0x0d, 0x0a, 0x00, 0xff, 0x7b]), '{"type":"ping"}\n'],
    expected: [{ frame: chunkFrame(6), bytes: '\n\r\n\x00\xff{' }, { frame: ping }],
  },
  {
    name: 'zero-length block',
    input: [chunkHeader(0) + '{"type":"ping"}\n'],
    expected: [{ frame: chunkFrame(0), bytes: '' }, { frame: ping }],
  },
  {
    name: 'block split anywhere, header with CRLF',
    input: [chunkHeader(10).replace('\n', '\r'), '\n01', '234', '56789{"type"', ':"ping"}\n'],
    expected: [{ frame: chunkFrame(10), bytes: '0123456789' }, { frame: ping }],
  },
  {
    name: 'file.data from the server carries a block too',
    input: ['{"type":"file.data","re":"g","fileId":"f","offset":0,"bytes":3}\nabc'],
    expected: [{ frame: { type: 'file.data', re: 'g', fileId: 'f', offset: 0, bytes: 3 }, bytes: 'abc' }],
  },
  {
    name: 'an unfinished block stays pending',
    input: [chunkHeader(10), '0123'],
    expected: [],
    pending: 4,
  },
  {
    name: 'bytes on a frame of another type announce no block',
    input: ['{"type":"send","bytes":3}\n{"type":"ping"}\n'],
    expected: [{ frame: { type: 'send', bytes: 3 } }, { frame: ping }],
  },
  {
    name: 'bytes over maxBlock: fatal FRAME_TOO_LARGE with re, then nothing',
    options: { maxBlock: 4 },
    input: [chunkHeader(5, 'c1') + 'hello', '{"type":"ping"}\n'],
    expected: [{ error: 'FRAME_TOO_LARGE', fatal: true, re: 'c1' }],
    pending: 0,
  },
  ...[-1, 1.5, '5', null, 2 ** 53, true].map((bytes): Case => ({
    name: `bytes ${JSON.stringify(bytes)}: the frame without a block`,
    input: [chunkHeader(bytes) + '{"type":"ping"}\n'],
    expected: [{ frame: chunkFrame(bytes) }, { frame: ping }],
  })),
  {
    name: 'UTF-8 characters split between chunks',
    input: (() => {
      const line = Buffer.from('{"type":"send","text":"héllo wörld 😀 €"}\n', 'utf8');
      const cuts = [24, 35, 38, 40, 44];
      return cuts.map((cut, i) => line.subarray(i === 0 ? 0 : cuts[i - 1], cut)).concat(line.subarray(44));
    })(),
    expected: [{ frame: { type: 'send', text: 'héllo wörld 😀 €' } }],
  },
  {
    name: 'a UTF-8 block is returned as raw bytes',
    input: [chunkHeader(4) + utf8('😀')],
    expected: [{ frame: chunkFrame(4), bytes: utf8('😀') }],
  },
];

describe(FrameDecoder.name, () => {
  describe.each([
    ['as chunked', (chunks: Buffer[]) => chunks],
    ['one byte at a time', bytewise],
    ['in one chunk', (chunks: Buffer[]) => [Buffer.concat(chunks)]],
  ])('fed %s', (_how, split) => {
    it.each(cases)('$name', ({ input, options, expected, pending }) => {
      const sut = new FrameDecoder(options);
      expect(seen(feed(sut, split(toBuffers(input))))).toEqual(expected);
      if (pending !== undefined) expect(sut.pending).toBe(pending);
    });
  });

  it('keeps returning nothing after a fatal error', () => {
    const sut = new FrameDecoder({ maxFrame: 8 });
    expect(seen(sut.push(Buffer.from('x'.repeat(9))))).toEqual([{ error: 'FRAME_TOO_LARGE', fatal: true }]);
    expect(sut.push(Buffer.from('\n{"type":"ping"}\n'))).toEqual([]);
    expect(sut.push(Buffer.from('{"type":"ping"}\n'))).toEqual([]);
    expect(sut.pending).toBe(0);
  });

  it('buffers at most maxFrame bytes of an unfinished line', () => {
    const sut = new FrameDecoder({ maxFrame: 1000 });
    for (let i = 0; i < 10; i++) expect(sut.push(Buffer.alloc(100, 'a'))).toEqual([]);
    expect(sut.pending).toBe(1000);
    expect(sut.push(Buffer.from('a'))[0]).toMatchObject({ kind: 'error', fatal: true });
  });

  it('gives readable BAD_FRAME messages', () => {
    const sut = new FrameDecoder();
    const messages = sut
      .push(Buffer.from('nope\n[]\n{"id":"1"}\n'))
      .map((item) => (item.kind === 'error' ? item.error.message : ''));
    expect(messages).toEqual(['Not valid JSON', 'Not a JSON object', 'A frame needs a string "type"']);
  });

  it('uses the protocol limits by default', () => {
    const sut = new FrameDecoder();
    expect(sut.push(Buffer.alloc(1024 * 1024, 'a'))).toEqual([]);
    expect(seen(sut.push(Buffer.from('a')))).toEqual([{ error: 'FRAME_TOO_LARGE', fatal: true }]);
    const blocks = new FrameDecoder();
    expect(seen(blocks.push(Buffer.from(chunkHeader(256 * 1024 + 1))))).toEqual([
      { error: 'FRAME_TOO_LARGE', fatal: true },
    ]);
  });

  describe('property: whatever the chunking, the frames come out as they went in', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    const plain = fc.record(
      {
        type: fc.constantFrom('send', 'message', 'ping', 'presence', 'x'),
        id: fc.string({ maxLength: 64 }),
        text,
        n: fc.integer(),
        list: fc.array(text, { maxLength: 3 }),
      },
      { requiredKeys: ['type'] },
    );
    const item = fc.oneof(
      plain.map((frame) => ({ frame: frame as RawFrame, block: undefined as Buffer | undefined })),
      fc
        .record({
          type: fc.constantFrom('file.chunk', 'file.data'),
          upload: text,
          offset: fc.nat(),
        })
        .chain((frame) =>
          fc
            .uint8Array({ maxLength: 300 })
            .map((block) => ({ frame: frame as RawFrame, block: Buffer.from(block) as Buffer | undefined })),
        ),
    );
    const stream = fc.array(
      fc.record({ item, crlf: fc.boolean(), emptyLineAfter: fc.constantFrom('', '', '', '\n', '\r\n') }),
      { maxLength: 25 },
    );
    const chunking = fc.oneof(
      fc.constant('bytes' as const),
      fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 40 }),
    );

    it('decodes random frames, blocks and unicode split at random points', () => {
      fc.assert(
        fc.property(stream, chunking, (entries, sizes) => {
          const wire: Buffer[] = [];
          const expected: { kind: 'frame'; frame: RawFrame; bytes?: Buffer; size: number }[] = [];
          for (const { item, crlf, emptyLineAfter } of entries) {
            if (item.block === undefined) {
              const line = encodeFrame(item.frame);
              wire.push(crlf ? Buffer.concat([line.subarray(0, -1), Buffer.from('\r\n')]) : line);
              expected.push({ kind: 'frame', frame: item.frame, size: line.length - 1 });
            } else {
              const [header, block] = encodeBlockFrame(item.frame, item.block);
              wire.push(header, block);
              expected.push({
                kind: 'frame',
                frame: { ...item.frame, bytes: block.length },
                bytes: block,
                size: header.length - 1 + block.length,
              });
            }
            wire.push(Buffer.from(emptyLineAfter));
          }
          const all = Buffer.concat(wire);
          const chunks: Buffer[] = [];
          if (sizes === 'bytes') chunks.push(...bytewise([all]));
          else
            for (let at = 0, i = 0; at < all.length; at += sizes[i++ % sizes.length]) {
              chunks.push(all.subarray(at, at + sizes[i % sizes.length]));
            }

          const sut = new FrameDecoder();
          expect(feed(sut, chunks)).toEqual(expected);
          expect(sut.pending).toBe(0);
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe(encodeFrame.name, () => {
  it('writes one JSON line', () => {
    expect(encodeFrame({ type: 'notice', text: 'a\nb' }).toString()).toBe(
      '{"type":"notice","text":"a\\nb"}\n',
    );
  });
});

describe(encodeBlockFrame.name, () => {
  it('sets bytes to the block length and round-trips through the decoder', () => {
    const block = Buffer.from([0, 1, 2, 10, 13, 255]);
    const [header, bytes] = encodeBlockFrame(
      { type: 'file.data', re: 'g1', fileId: 'f', offset: 0, bytes: 99 },
      block,
    );
    expect(JSON.parse(header.toString())).toEqual({
      type: 'file.data',
      re: 'g1',
      fileId: 'f',
      offset: 0,
      bytes: 6,
    });
    expect(bytes).toBe(block);

    const sut = new FrameDecoder();
    expect(sut.push(Buffer.concat([header, bytes, encodeFrame(ping)]))).toEqual([
      {
        kind: 'frame',
        frame: { type: 'file.data', re: 'g1', fileId: 'f', offset: 0, bytes: 6 },
        bytes: block,
        size: header.length - 1 + 6,
      },
      { kind: 'frame', frame: ping, size: encodeFrame(ping).length - 1 },
    ]);
  });
});

describe(parseFrameText.name, () => {
  it('parses one text message, the inverse of serializeFrame', () => {
    const frame = { type: 'send', id: '1', to: ['bob', 'carol'], text: 'hé 😀' };
    expect(serializeFrame(frame)).toBe(JSON.stringify(frame));
    expect(parseFrameText(serializeFrame(frame))).toEqual(frame);
  });

  it.each([
    ['not json', undefined],
    ['[1]', undefined],
    ['"ping"', undefined],
    ['{"id":"w1"}', 'w1'],
    ['{"type":1,"id":"w2"}', 'w2'],
  ])('throws BAD_FRAME for %s', (text, re) => {
    let thrown: unknown;
    try {
      parseFrameText(text);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ChatError);
    expect(thrown).toMatchObject({ code: 'BAD_FRAME', re });
  });
});
