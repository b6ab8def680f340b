import { describe, expect, it } from 'vitest';

import { parseLoginChoice } from './login.prompt';

describe(parseLoginChoice.name, () => {
  it.each([
    ['', 'login'],
    ['l', 'login'],
    ['L', 'login'],
    [' login ', 'login'],
    ['log in', 'login'],
    ['r', 'register'],
    ['Register', 'register'],
    ['x', undefined],
    ['yes', undefined],
  ])('%j → %s', (answer, expected) => {
    expect(parseLoginChoice(answer)).toBe(expected);
  });
});
