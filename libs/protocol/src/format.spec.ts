import { describe, expect, it } from 'vitest';

import { formatBytes, initials, NICK_COLOURS, nickColour } from './format';

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

describe('nickColour', () => {
  it('gives one colour per name, whatever its case, spread over the palette', () => {
    expect(nickColour('Alice')).toBe(nickColour('alice'));
    const names = Array.from({ length: 200 }, (_, i) => `user${i}`);
    const used = new Set(names.map((name) => nickColour(name).hex));
    expect(used.size).toBe(NICK_COLOURS.length);
  });
});

describe('initials', () => {
  it('takes the first letter, or the first of two parts', () => {
    expect(initials('alice')).toBe('A');
    expect(initials('bob.smith')).toBe('BS');
    expect(initials('carol_x-y')).toBe('CX');
    expect(initials('_x')).toBe('X');
  });
});
