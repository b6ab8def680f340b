import { describe, expect, it } from 'vitest';

import { ERROR_TABLE } from './errors';
import { MAX_MINUTES, REACTION_PATTERN, USERNAME_PATTERN, USERNAME_RULE } from './limits';

// The limits are one constant each; what the wire and the documents say of them must not move.
describe('limits', () => {
  it('the user name rule, as the pattern the api documents and in words', () => {
    expect(USERNAME_PATTERN.source).toBe('^[A-Za-z0-9_.-]{3,32}$');
    expect(USERNAME_RULE).toBe('3 to 32 characters of A-Z a-z 0-9 _ . -');
  });

  it("the error table's messages state the same rules", () => {
    expect(ERROR_TABLE.INVALID_USERNAME.message).toBe(
      'A user name is 3 to 32 characters of A-Z a-z 0-9 _ . -',
    );
    expect(ERROR_TABLE.WEAK_PASSWORD.message).toBe('A password has at least 8 characters');
  });

  it('a ban or mute lasts ten years at most', () => {
    expect(MAX_MINUTES).toBe(5_256_000);
  });
});

describe('REACTION_PATTERN', () => {
  it('takes one emoji with its modifiers, flags and keycaps, and no words', () => {
    for (const emoji of ['👍', '👍🏽', '❤️', '👨‍👩‍👧', '🇫🇷', '1️⃣', '🎉🎉'])
      expect(REACTION_PATTERN.test(emoji)).toBe(true);
    for (const text of ['ok', '1', '', ' 👍', '👍 ', '<b>', '👍a'])
      expect(REACTION_PATTERN.test(text)).toBe(false);
  });
});
