/**
 * What the fuzzer sends: fast-check arbitraries of (a) client frames valid by their schema
 * (libs/protocol `clientFrameSchemas`), (b) mutations of them (fields dropped or given wrong types,
 * huge strings, deep nesting, lone surrogates, NUL, odd numbers, duplicate keys, unknown types), and
 * (c) raw bytes and broken framing (invalid UTF-8, partial lines, `bytes` that lie, CRLF).
 *
 * Values the fuzzer can only know at run time (a message id it saw, its upload in progress) are
 * written as placeholders (`@msg`, `@upload`, ...) and filled in by the connection that sends them.
 */
import { createHash } from 'node:crypto';

import fc from 'fast-check';

import { BLOCK_FRAME_TYPES, CLIENT_FRAME_TYPES, ClientFrameType, DEFAULT_LIMITS } from '@chat/protocol';

/** Where an input came from, for the report. */
export type Origin = 'valid' | 'mutated' | 'garbage';

export type FuzzInput =
  /** A frame as an object (valid or mutated), with the raw block a `file.chunk` carries. */
  | { kind: 'frame'; origin: Origin; frame: Record<string, unknown>; block?: Uint8Array }
  /** One line's text, as written; `end` is what follows it (none: a partial line). */
  | { kind: 'text'; origin: Origin; text: string; end: '\n' | '\r\n' | '' }
  /** Bytes as written on TCP (a binary message on WebSocket); `lie`: raw-block bytes announced and not sent. */
  | { kind: 'bytes'; origin: Origin; bytes: Uint8Array; lie: number; asText?: boolean }
  /** A whole upload (offer, chunks, done), each step awaited, so that later frames find real files. */
  | { kind: 'upload'; origin: Origin; content: Uint8Array; sha256: string };

/** The names the fuzzer's frames use: its own accounts, accounts nobody logs in as, rooms. */
export interface FuzzPools {
  /** Accounts the fuzzer logs in as, with their passwords. */
  users: { user: string; password: string }[];
  /** Accounts that exist and that moderation frames may target. */
  victims: string[];
  rooms: string[];
}

/** Placeholders a connection fills in when it sends a frame. */
export const PLACEHOLDERS = ['@msg', '@file', '@upload', '@call', '@seq', '@offset'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const CHUNK = DEFAULT_LIMITS.chunk;

// ---------------------------------------------------------------------------
// Odd values
// ---------------------------------------------------------------------------

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udbff\udfff',
  '\uffff\ufffe',
  '\u202e\u200b\u2028\u2029',
  '\t\r\n',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e308',
  '0x1f',
  'null',
  'undefined',
  'true',
  '*',
  '#',
  '@',
  '../../etc/passwd',
  '%s%n%x',
  '${7*7}',
  '<script>alert(1)</script>',
  '💥',
  '👍🏽',
  '🇫🇷',
  '\u0301\u0301\u0301',
  'Ⅻ',
  'ǅ',
  'İ',
  'ß',
];

const ODD_NUMBERS = [
  0,
  -1,
  1,
  0.5,
  -0.5,
  1e308,
  -1e308,
  5e-324,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -(2 ** 53),
  1e21,
  123456789.123,
];

const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  // Huge strings, built by repetition: generating them character by character is slow.
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('x', 'é', '💥', '\u0000', '\ud800', '"\\'),
        fc.integer({ min: 1_000, max: 60_000 }),
      )
      .map(([s, n]) => s.repeat(n)),
  },
);

const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...ODD_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A value of any JSON kind, mostly of a wrong one for the field it lands in. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddString },
  { weight: 3, arbitrary: oddNumber },
  { weight: 2, arbitrary: fc.constantFrom(null, true, false, [], {}, [[]], [null], { '': '' }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('*', 'fz0', 'a', '#fz-room'), { maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 100, max: 5_000 })
      .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
  },
);

// ---------------------------------------------------------------------------
// (a) Valid frames, one arbitrary per client frame type
// ---------------------------------------------------------------------------

const id = fc.option(
  fc.oneof(
    fc.nat({ max: 1_000_000 }).map((n) => `f${n}`),
    fc.string({ maxLength: 64 }),
  ),
  { nil: undefined, freq: 10 },
);

function validArbitraries(pools: FuzzPools): Record<ClientFrameType, fc.Arbitrary<Record<string, unknown>>> {
  const userNames = pools.users.map((u) => u.user);
  const someUser = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...userNames, ...pools.victims) },
    { weight: 1, arbitrary: fc.constantFrom('admin', 'nobody-here', 'FZ0', 'x') },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
  const to = fc.oneof(
    { weight: 4, arbitrary: fc.constant('*') },
    { weight: 3, arbitrary: someUser },
    { weight: 2, arbitrary: fc.constantFrom(...pools.rooms) },
    { weight: 2, arbitrary: fc.uniqueArray(someUser, { minLength: 1, maxLength: 5 }) },
  );
  const room = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...pools.rooms) },
    { weight: 1, arbitrary: fc.stringMatching(/^#[a-z0-9_-]{2,32}$/) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 64 }) },
  );
  const text = fc.oneof(
    { weight: 6, arbitrary: fc.string({ maxLength: 80 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '   ', 'x'.repeat(4000), '💥'.repeat(4001), 'a'.repeat(8001)),
    },
  );
  const seq = fc.oneof(fc.nat({ max: 100 }), fc.constant('@seq'), fc.nat());
  const msgId = fc.oneof(
    { weight: 4, arbitrary: fc.constant('@msg') },
    fc.string({ minLength: 1, maxLength: 128 }),
  );
  const fileId = fc.oneof(
    { weight: 4, arbitrary: fc.constant('@file') },
    fc.string({ minLength: 1, maxLength: 128 }),
  );
  const upload = fc.oneof(
    { weight: 4, arbitrary: fc.constant('@upload') },
    fc.string({ minLength: 1, maxLength: 128 }),
  );
  const callId = fc.oneof(
    { weight: 4, arbitrary: fc.constant('@call') },
    fc.string({ minLength: 1, maxLength: 128 }),
  );
  const reason = fc.option(fc.string({ maxLength: 100 }), { nil: undefined });
  const minutes = fc.option(
    fc.oneof(fc.double({ min: 0.001, max: 10, noNaN: true }), fc.integer({ min: 1, max: 100 })),
    {
      nil: undefined,
    },
  );
  const hex64 = fc.string({
    unit: fc.constantFrom(...'0123456789abcdefABCDEF'),
    minLength: 64,
    maxLength: 64,
  });
  const bool = fc.option(fc.boolean(), { nil: undefined });
  const credentials = fc.oneof(
    fc.constantFrom(...pools.users),
    fc.record({ user: someUser, password: fc.string({ maxLength: 20 }) }),
  );

  const frame = <T extends ClientFrameType>(
    type: T,
    fields: Record<string, fc.Arbitrary<unknown>>,
  ): fc.Arbitrary<Record<string, unknown>> =>
    fc.record({ id, ...fields }).map((f) => ({ type, ...dropUndefined(f) }));

  return {
    hello: frame('hello', {}),
    register: frame('register', {
      user: fc.oneof(someUser, fc.stringMatching(/^[A-Za-z0-9_.-]{3,12}$/)),
      password: fc.string({ maxLength: 12 }),
    }),
    login: fc.oneof(
      credentials.chain((c) =>
        frame('login', {
          user: fc.constant(c.user),
          password: fc.constant(c.password),
          since: fc.option(seq, { nil: undefined }),
        }),
      ),
      frame('login', { token: fc.string({ maxLength: 300 }) }),
      frame('login', {}),
    ),
    logout: frame('logout', { everywhere: fc.option(fc.boolean(), { nil: undefined, freq: 2 }) }),
    ping: frame('ping', {}),
    who: frame('who', {}),
    send: frame('send', {
      to,
      text: fc.option(text, { nil: undefined, freq: 8 }),
      fileId: fc.option(fileId, { nil: undefined, freq: 2 }),
      replyTo: fc.option(msgId, { nil: undefined, freq: 2 }),
      me: bool,
    }),
    history: frame('history', {
      with: to,
      before: fc.option(seq, { nil: undefined }),
      limit: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
    }),
    'file.offer': frame('file.offer', {
      name: fc.oneof(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.constantFrom('../x', 'a/b\\c', '.', 'CON', 'ü.txt'),
      ),
      size: fc.oneof(fc.nat({ max: 10_000 }), fc.constant(DEFAULT_LIMITS.file + 1)),
      sha256: hex64,
      mime: fc.option(fc.constantFrom('text/plain', 'image/png', 'application/octet-stream', 'a/b;c=d'), {
        nil: undefined,
      }),
      media: fc.option(fc.constantFrom('voice', 'image'), { nil: undefined, freq: 10 }),
    }),
    'file.chunk': fc
      .tuple(
        fc.record({ id, upload, offset: fc.oneof(fc.constant('@offset'), fc.nat({ max: 10_000 })) }),
        fc.uint8Array({ maxLength: 2_000 }),
      )
      .map(([f, block]) => ({
        type: 'file.chunk',
        ...dropUndefined(f),
        bytes: block.length,
        [BLOCK]: block,
      })),
    'file.done': frame('file.done', { upload }),
    'file.get': frame('file.get', { fileId, offset: fc.option(fc.nat({ max: 5_000 }), { nil: undefined }) }),
    kick: frame('kick', { user: fc.constantFrom(...pools.victims, 'nobody-here'), reason }),
    ban: frame('ban', { user: fc.constantFrom(...pools.victims, 'nobody-here'), reason, minutes }),
    unban: frame('unban', { user: fc.constantFrom(...pools.victims, 'nobody-here') }),
    mute: frame('mute', { user: fc.constantFrom(...pools.victims, 'nobody-here'), reason, minutes }),
    unmute: frame('unmute', { user: fc.constantFrom(...pools.victims, 'nobody-here') }),
    'call.invite': frame('call.invite', {
      to: fc.oneof(someUser, fc.uniqueArray(someUser, { minLength: 1, maxLength: 5 })),
      media: fc.constantFrom('audio', 'video'),
    }),
    'call.accept': frame('call.accept', { callId }),
    'call.reject': frame('call.reject', { callId }),
    'call.signal': frame('call.signal', {
      callId,
      to: someUser,
      data: fc.oneof(
        fc.record({ sdp: fc.string({ maxLength: 200 }), type: fc.constantFrom('offer', 'answer') }),
        fc.record({ candidate: fc.string({ maxLength: 100 }) }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 }),
      ),
    }),
    'call.hangup': frame('call.hangup', { callId }),
    'room.create': frame('room.create', {
      room,
      topic: fc.option(fc.string({ maxLength: 260 }), { nil: undefined }),
      private: bool,
    }),
    'room.join': frame('room.join', { room }),
    'room.leave': frame('room.leave', { room }),
    'room.invite': frame('room.invite', { room, user: someUser }),
    'room.kick': frame('room.kick', { room, user: someUser, reason, ban: bool, minutes }),
    'room.unban': frame('room.unban', { room, user: someUser }),
    'room.topic': frame('room.topic', { room, topic: fc.string({ maxLength: 260 }) }),
    'room.list': frame('room.list', { search: fc.option(fc.string({ maxLength: 64 }), { nil: undefined }) }),
    'room.members': frame('room.members', { room }),
    'room.delete': frame('room.delete', { room }),
    read: frame('read', { with: to, seq }),
    edit: frame('edit', { msgId, text }),
    delete: frame('delete', { msgId }),
    react: frame('react', {
      msgId,
      emoji: fc.oneof(
        fc.constantFrom('👍', '❤️', '😂', '👍🏽', '🇫🇷', 'x', '::'),
        fc.string({ minLength: 1, maxLength: 8 }),
      ),
      remove: bool,
    }),
    typing: frame('typing', { to, stop: bool }),
    receipts: frame('receipts', { with: to }),
    settings: frame('settings', { receipts: bool }),
    search: frame('search', {
      q: fc.oneof(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.constantFrom('canary', 'a*', '"', 'NEAR', '-x', 'AND OR'),
      ),
      with: fc.option(to, { nil: undefined }),
      from: fc.option(someUser, { nil: undefined }),
      before: fc.option(seq, { nil: undefined }),
      limit: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    }),
  };
}

/**
 * How often each type comes up among valid frames (1 unless named). Password log-ins and
 * registrations cost a slow hash each: rare, so that the edge's CPU goes to the rest.
 */
const TYPE_WEIGHTS: Partial<Record<ClientFrameType, number>> = {
  register: 0.1,
  login: 0.15,
  logout: 0.1,
  send: 6,
  history: 3,
  'file.chunk': 2,
  'file.offer': 1.5,
  edit: 2,
  react: 2,
  delete: 1,
  typing: 2,
  read: 2,
  search: 1.5,
};

/** Symbol key: a file.chunk's raw block travels beside the frame, never inside its JSON. */
const BLOCK = Symbol('block');

// ---------------------------------------------------------------------------
// (b) Mutations of valid frames
// ---------------------------------------------------------------------------

/** Spliced in for a value after JSON.stringify: text JSON.stringify cannot produce. */
const RAW_MARK = '\u0001RAW\u0001';
const RAW_MARK_JSON = JSON.stringify(RAW_MARK);

const rawValueText: fc.Arbitrary<string> = fc.constantFrom(
  '-0',
  '1e400',
  '-1e400',
  '1E+2',
  '0.0000',
  '1.0',
  '100000000000000000000000',
  '2e-400',
  '"\\u0000"',
  '"\\ud800"',
  '"\\udfff\\ud800"',
  '"\\/"',
);

/** Balanced deep nesting: `[[[…]]]` or `{"a":{"a":…1}}`. */
function nested(depth: number, open: '[' | '{"a":'): string {
  return open === '['
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const deepText: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 10, max: 50_000 }), fc.constantFrom<'[' | '{"a":'>('[', '{"a":'))
    .map(([d, o]) => nested(d, o)),
  rawValueText,
);

const typeMutation: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...CLIENT_FRAME_TYPES),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'SEND',
    'send ',
    ' ping',
    'file.data',
    'ok',
    'error',
    'message',
    '',
    'file.',
    'room.',
    'x'.repeat(100_000),
  ),
  fc.string({ maxLength: 20 }),
  oddValue,
);

type Mutation = (frame: Record<string, unknown>) => FuzzInput;

function mutations(): fc.Arbitrary<Mutation> {
  const key = (f: Record<string, unknown>, pick: number): string => {
    const keys = Object.keys(f);
    return keys[pick % keys.length];
  };
  const asFrame = (frame: Record<string, unknown>): FuzzInput => ({
    kind: 'frame',
    origin: 'mutated',
    frame,
  });
  const asText = (text: string, end: '\n' | '\r\n' | '' = '\n'): FuzzInput => ({
    kind: 'text',
    origin: 'mutated',
    text,
    end,
  });
  return fc.oneof(
    // Drop a field (the type included).
    {
      weight: 3,
      arbitrary: fc.nat().map(
        (pick): Mutation =>
          (f) =>
            asFrame(omit(f, key(f, pick))),
      ),
    },
    // A field gets a value of another kind.
    {
      weight: 8,
      arbitrary: fc.tuple(fc.nat(), oddValue).map(
        ([pick, value]): Mutation =>
          (f) =>
            asFrame({ ...f, [key(f, pick)]: value }),
      ),
    },
    // Several fields at once, extra fields too.
    {
      weight: 2,
      arbitrary: fc
        .dictionary(
          fc.oneof(
            fc.constantFrom(
              'id',
              'to',
              'text',
              'user',
              'room',
              'bytes',
              'seq',
              'since',
              '__proto__',
              'constructor',
            ),
            fc.string({ maxLength: 10 }),
          ),
          oddValue,
          { maxKeys: 4 },
        )
        .map(
          (extra): Mutation =>
            (f) =>
              asFrame({ ...f, ...extra }),
        ),
    },
    // Another type with the same fields, or a type that is no type.
    {
      weight: 3,
      arbitrary: typeMutation.map(
        (type): Mutation =>
          (f) =>
            asFrame({ ...f, type }),
      ),
    },
    // A bad id.
    {
      weight: 1,
      arbitrary: fc.oneof(fc.constantFrom('x'.repeat(65), '', '\u0000', '\ud800'), oddValue).map(
        (value): Mutation =>
          (f) =>
            asFrame({ ...f, id: value }),
      ),
    },
    // A value JSON.stringify cannot write: deep nesting, -0, 1e400, escapes of lone surrogates.
    {
      weight: 3,
      arbitrary: fc.tuple(fc.nat(), deepText).map(([pick, raw]): Mutation => (f) => {
        const k = key(f, pick) === 'type' ? 'data' : key(f, pick);
        return asText(JSON.stringify({ ...f, [k]: RAW_MARK }).replace(RAW_MARK_JSON, raw));
      }),
    },
    // Duplicate keys: which one wins is JSON.parse's rule (the last).
    {
      weight: 2,
      arbitrary: fc.tuple(fc.nat(), oddValue).map(([pick, value]): Mutation => (f) => {
        const k = key(f, pick);
        const body = JSON.stringify(f).slice(1);
        return asText(`{${JSON.stringify(k)}:${JSON.stringify(value) ?? 'null'},${body}`);
      }),
    },
    // The text cut short, CRLF, a BOM, trailing garbage, two objects on a line, a NUL byte.
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.nat(), fc.constantFrom('cut', 'crlf', 'bom', 'trail', 'two', 'nul', 'spaces', 'partial'))
        .map(([pick, how]): Mutation => (f) => {
          const text = JSON.stringify(f);
          switch (how) {
            case 'cut':
              return asText(text.slice(0, pick % Math.max(1, text.length)));
            case 'crlf':
              return asText(text, '\r\n');
            case 'bom':
              return asText('\ufeff' + text);
            case 'trail':
              return asText(text + 'xyz');
            case 'two':
              return asText(text + text);
            case 'nul':
              return asText(text.slice(0, 1) + '\u0000' + text.slice(1));
            case 'spaces':
              return asText(`  \t${text}\t  `);
            default:
              return asText(text.slice(0, pick % Math.max(1, text.length)), '');
          }
        }),
    },
  );
}

// ---------------------------------------------------------------------------
// (c) Raw bytes and broken framing
// ---------------------------------------------------------------------------

const enc = new TextEncoder();

function garbage(): fc.Arbitrary<FuzzInput> {
  const bytes = (b: Uint8Array, lie = 0, asText = false): FuzzInput => ({
    kind: 'bytes',
    origin: 'garbage',
    bytes: b,
    lie,
    asText,
  });
  const line = (s: string): Uint8Array => enc.encode(s + '\n');
  return fc.oneof(
    // Random bytes, with or without a newline.
    {
      weight: 160,
      arbitrary: fc
        .tuple(fc.uint8Array({ maxLength: 300 }), fc.boolean())
        .map(([b, nl]) => bytes(nl ? concat(b, NL) : b)),
    },
    // Invalid UTF-8 inside an otherwise fine frame (overlong, lone continuation, surrogate halves, 0xFF).
    {
      weight: 120,
      arbitrary: fc
        .constantFrom(
          [0xff],
          [0xc0, 0x80],
          [0xe0, 0x80, 0x80],
          [0xed, 0xa0, 0x80],
          [0x80],
          [0xf4, 0x90, 0x80, 0x80],
          [0xc3],
          [0xf0, 0x9f, 0x92],
        )
        .chain((bad) =>
          fc.constantFrom('send', 'ping', 'history', 'who').map((type) => {
            const head = enc.encode(`{"type":"${type}","id":"u8","to":"*","with":"*","text":"`);
            return bytes(concat(head, Uint8Array.from(bad), enc.encode('"}\n')));
          }),
        ),
    },
    // On WebSocket, a text message of invalid UTF-8: ws closes the connection (1007), so rarely.
    {
      weight: 4,
      arbitrary: fc
        .constant(null)
        .map(() => bytes(enc.encode('{"type":"ping","id":"\u00ff"}\n').fill(0xff, 22, 24), 0, true)),
    },
    // `bytes` that lie: fewer raw bytes than announced (the next frames fill the block), or more.
    {
      weight: 120,
      arbitrary: fc
        .tuple(
          fc.nat({ max: 300 }),
          fc.nat({ max: 300 }),
          fc.constantFrom('file.chunk', 'file.data'),
          fc.boolean(),
        )
        .map(([announced, sent, type, withId]) => {
          const head = line(
            JSON.stringify({
              type,
              ...(withId ? { id: 'lie' } : {}),
              upload: '@upload',
              offset: 0,
              bytes: announced,
            }),
          );
          return bytes(concat(head, new Uint8Array(sent).fill(0x7b)), Math.max(0, announced - sent));
        }),
    },
    // `bytes` that is no block length.
    {
      weight: 80,
      arbitrary: fc
        .oneof(oddValue, fc.constantFrom(-1, 0.5, 1e308, '10', CHUNK, CHUNK + 1, Number.MAX_SAFE_INTEGER))
        .map((b) => {
          const announced = typeof b === 'number' && Number.isSafeInteger(b) && b >= 0 && b <= CHUNK ? b : 0;
          return bytes(
            line(JSON.stringify({ type: 'file.chunk', id: 'nb', upload: '@upload', offset: 0, bytes: b })),
            announced,
          );
        }),
    },
    // Lines that are JSON but no frame, blank lines, bare CRs.
    {
      weight: 120,
      arbitrary: fc
        .constantFrom(
          '[]',
          '"ping"',
          '123',
          'null',
          'true',
          '{}',
          '{"type":1}',
          '{"type":null,"id":"t"}',
          '{"type":{}}',
          '{"id":"x"}',
          '',
          '\r',
          '\r\r',
          ' ',
          '\t',
          '\u000b',
          '{',
          '}',
          '{"type":"ping"',
          '{"type":"ping"}}',
          '\\',
          '""',
        )
        .map((s) => bytes(line(s))),
    },
    // A frame split over partial writes, with a stray CR inside.
    {
      weight: 40,
      arbitrary: fc.nat({ max: 20 }).map((cut) => {
        const text = '{"type":"ping","id":"split"}';
        return bytes(enc.encode(text.slice(0, cut) + '\r' + text.slice(cut) + '\r\n'));
      }),
    },
    // A line past the frame limit: FRAME_TOO_LARGE, and the connection closes (rare: it costs a reconnect).
    {
      weight: 1,
      arbitrary: fc
        .constant(null)
        .map(() => bytes(concat(new Uint8Array(DEFAULT_LIMITS.frame + 10).fill(0x61), NL))),
    },
  );
}

const NL = Uint8Array.of(0x0a);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------------------
// The mix
// ---------------------------------------------------------------------------

export interface InputMix {
  valid: number;
  mutated: number;
  garbage: number;
  /** Whole uploads, awaited step by step (TCP, logged in). */
  upload: number;
}

export const DEFAULT_MIX: InputMix = { valid: 46, mutated: 40, garbage: 13.5, upload: 0.5 };

/** The arbitrary of one fuzz input, for frames to `pools`' names. */
export function fuzzInput(pools: FuzzPools, mix: InputMix = DEFAULT_MIX): fc.Arbitrary<FuzzInput> {
  const byType = validArbitraries(pools);
  const base = fc.oneof(
    ...CLIENT_FRAME_TYPES.map((type) => ({
      // fast-check wants integer weights
      weight: Math.round((TYPE_WEIGHTS[type] ?? 1) * 20),
      arbitrary: byType[type],
    })),
  );
  const valid = base.map((frame): FuzzInput => {
    const block = (frame as { [BLOCK]?: Uint8Array })[BLOCK];
    return block
      ? { kind: 'frame', origin: 'valid', frame, block }
      : { kind: 'frame', origin: 'valid', frame };
  });
  const mutated = fc.tuple(base, mutations()).map(([frame, mutate]) => {
    const input = mutate(frame);
    // A mutated file.chunk keeps its block: the decoder reads it whenever `bytes` still says so.
    const block = (frame as { [BLOCK]?: Uint8Array })[BLOCK];
    return block && input.kind === 'frame' ? { ...input, block } : input;
  });
  const upload = fc.uint8Array({ maxLength: 3 * 4096 }).map((content): FuzzInput => ({
    kind: 'upload',
    origin: 'valid',
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
  }));
  const weight = (w: number): number => Math.max(0, Math.round(w * 10));
  return fc.oneof(
    { weight: weight(mix.valid), arbitrary: valid },
    { weight: weight(mix.mutated), arbitrary: mutated },
    { weight: weight(mix.garbage), arbitrary: garbage() },
    { weight: weight(mix.upload), arbitrary: upload },
  );
}

/**
 * Raw-block bytes a frame announces beyond the block sent with it: the edge takes that many of the
 * bytes that follow as the block. 0 for a frame that announces none (or one the edge refuses).
 */
export function announcedBeyond(frame: unknown, blockLength: number): number {
  if (typeof frame !== 'object' || frame === null) return 0;
  const { type, bytes } = frame as { type?: unknown; bytes?: unknown };
  if (typeof type !== 'string' || !BLOCK_FRAME_TYPES.has(type)) return 0;
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0 || bytes > CHUNK) return 0;
  return Math.max(0, bytes - blockLength);
}

function omit(f: Record<string, unknown>, k: string): Record<string, unknown> {
  const copy = { ...f };
  delete copy[k];
  return copy;
}

function dropUndefined(f: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(f)) if (f[k] === undefined) delete f[k];
  return f;
}
