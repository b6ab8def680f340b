import { describe, expect, it } from 'vitest';

import { MAX_JSON_DEPTH } from '@chat/protocol';

import { jsonDepth, verifyJsonBody } from './json-depth';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe(jsonDepth.name, () => {
  it.each([
    ['1', 0],
    ['"text"', 0],
    ['{}', 1],
    ['{"a":[1,{"b":2}],"c":{}}', 3],
    ['[[],[[]],[]]', 3],
    // Brackets in strings, escaped quotes and backslashes included, are text.
    ['{"a":"[[[{{{"}', 1],
    ['["\\"[[[", "\\\\", [1]]', 2],
    ['{"ünïcødé 😀":["[", {"x":"]"}]}', 3],
  ])('%s is %i deep', (text, depth) => {
    expect(jsonDepth(bytes(text))).toBe(depth);
  });

  it('counts 45,000 levels without recursion', () => {
    expect(jsonDepth(bytes(nested(45_000)))).toBe(45_000);
  });

  it('stops counting once past the bound', () => {
    expect(jsonDepth(bytes(nested(45_000)), 32)).toBe(33);
  });
});

describe(verifyJsonBody.name, () => {
  const verify = (text: string, encoding = 'utf-8'): unknown => {
    try {
      verifyJsonBody(undefined as never, undefined as never, bytes(text), encoding);
      return null;
    } catch (err) {
      const { message, status, expose } = err as Error & { status: number; expose: boolean };
      return { message, status, expose };
    }
  };

  it(`lets a body through up to ${MAX_JSON_DEPTH} levels`, () => {
    expect(verify(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(verify('{"username":"alice","password":"x"}')).toBeNull();
  });

  it('refuses a deeper one as a 400 whose message is shown', () => {
    expect(verify(nested(MAX_JSON_DEPTH + 1))).toEqual({
      message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
      status: 400,
      expose: true,
    });
  });

  it('refuses JSON that is not UTF-8 (415), which it could not count', () => {
    expect(verify('{}', 'utf-16le')).toMatchObject({ status: 415 });
  });
});
