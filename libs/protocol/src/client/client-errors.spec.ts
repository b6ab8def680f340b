import { describe, expect, it } from 'vitest';

import { toChatError } from './client-errors';

describe(toChatError.name, () => {
  it('keeps only scalar details', () => {
    const err = toChatError({
      type: 'error',
      re: '1',
      code: 'INVALID',
      message: 'to: bad',
      nested: { a: 1 },
      n: 2,
    });
    expect(err).toMatchObject({ code: 'INVALID', message: 'to: bad', details: { n: 2 } });
  });
});
