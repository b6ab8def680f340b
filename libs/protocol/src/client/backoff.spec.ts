import { describe, expect, it } from 'vitest';

import { backoffDelay } from './backoff';

describe(backoffDelay.name, () => {
  const middle = (): number => 0.5;
  it.each([
    [0, 500],
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10_000],
    [50, 10_000],
  ])('attempt %d waits %d ms (without jitter)', (attempt, expected) => {
    expect(backoffDelay(attempt, middle)).toBe(expected);
  });

  it.each([
    [0, 0, 500],
    [0, 1, 600],
    [2, 0, 1600],
    [2, 1, 2400],
    [10, 1, 10_000],
  ])('attempt %d with random %d stays within 0.5 s..10 s: %d', (attempt, random, expected) => {
    expect(backoffDelay(attempt, () => random)).toBe(expected);
  });
});
