import { describe, expect, it } from 'vitest';

import { requestId } from './request-log';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(requestId.name, () => {
  it.each(['abc-123', 'f3b2c1d0-aaaa-4bbb-8ccc-0123456789ab', 'trace:1/2@edge+x=y', 'a'.repeat(128)])(
    'keeps the sane incoming id %j',
    (incoming) => {
      expect(requestId(incoming)).toBe(incoming);
    },
  );

  it('takes the first of repeated headers', () => {
    expect(requestId(['first', 'second'])).toBe('first');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['with a space', 'a b'],
    ['with a line break (a forged log line)', 'x\nGET /api/admin 200'],
    ['too long', 'a'.repeat(129)],
    ['not ASCII', 'idé'],
  ])('replaces one %s with a new UUID', (_, incoming) => {
    expect(requestId(incoming)).toMatch(UUID);
  });
});
