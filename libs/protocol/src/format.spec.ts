import { describe, expect, it } from 'vitest';

import { formatBytes } from './format';

describe(formatBytes.name, () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [1536, '1.5 kB'],
    [700_000, '700 kB'],
    [12_345_678, '12.3 MB'],
    [5e12, '5.0 TB'],
  ])('%d → %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
