import { describe, expect, it } from 'vitest';

import {
  completeMention,
  findMentions,
  formatBytes,
  initials,
  mentionPrefixAt,
  mentions,
  mentionsUser,
  NICK_COLOURS,
  nickColour,
} from './format';

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

describe('white initials on the nick colours', () => {
  // WCAG 2 relative luminance and contrast ratio.
  const channel = (c: number): number => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = (hex: string): number => {
    const [r, g, b] = [1, 3, 5].map((i) => channel(parseInt(hex.slice(i, i + 2), 16) / 255));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };

  it.each(NICK_COLOURS.map((c) => c.hex))('white on %s is 4.5:1 or more', (hex) => {
    expect(1.05 / (luminance(hex) + 0.05)).toBeGreaterThanOrEqual(4.5);
  });
});

describe(findMentions.name, () => {
  it.each([
    ['hi @bob', [['bob', 3, 4]]],
    [
      '@alice, @Bob.Smith and @carol_x-y!',
      [
        ['alice', 0, 6],
        ['Bob.Smith', 8, 10],
        ['carol_x-y', 23, 10],
      ],
    ],
    ['thanks @bob.', [['bob', 7, 4]]],
    [
      '(@bob) and "@dan"',
      [
        ['bob', 1, 4],
        ['dan', 12, 4],
      ],
    ],
    ['mail alice@example.org', []],
    ['@ali is three letters, @al too few', [['ali', 0, 4]]],
    [`@${'a'.repeat(32)} fits, @${'b'.repeat(33)} does not`, [['a'.repeat(32), 0, 33]]],
    ['@ alone, @@bob, @... no', [['bob', 10, 4]]],
  ])('%j → %j', (text, expected) => {
    expect(findMentions(text).map((m) => [m.name, m.index, m.length])).toEqual(expected);
  });
});

describe(mentions.name, () => {
  it('gives each name once, without regard to case, in the order of the text', () => {
    expect(mentions('@Bob @alice @bob @ALICE @carol')).toEqual(['Bob', 'alice', 'carol']);
    expect(mentions('no one here')).toEqual([]);
  });
});

describe(mentionsUser.name, () => {
  it('matches the name without regard to case, and only the whole name', () => {
    expect(mentionsUser('ping @Bob', 'bob')).toBe(true);
    expect(mentionsUser('ping @bobby', 'bob')).toBe(false);
    expect(mentionsUser('ping bob', 'bob')).toBe(false);
    expect(mentionsUser('bob@example.org', 'bob')).toBe(false);
  });
});

describe(mentionPrefixAt.name, () => {
  it.each([
    ['@al', 3, { prefix: 'al', start: 0, end: 3 }],
    ['hi @al there', 6, { prefix: 'al', start: 3, end: 6 }],
    ['hi @alxx', 6, { prefix: 'al', start: 3, end: 8 }],
    ['hi @bob.s', 9, { prefix: 'bob.s', start: 3, end: 9 }],
    ['@', 1, null],
    ['hi al', 5, null],
    ['alice@ex', 8, null],
    ['@al there', 9, null],
    [`@${'a'.repeat(33)}`, 34, null],
  ])('%j at %d → %j', (text, caret, expected) => {
    expect(mentionPrefixAt(text, caret)).toEqual(expected);
  });
});

describe(completeMention.name, () => {
  it('puts the name and one space in place of what was typed, the caret after them', () => {
    expect(completeMention('hi @al', { prefix: 'al', start: 3, end: 6 }, 'alice')).toEqual({
      text: 'hi @alice ',
      caret: 10,
    });
    expect(completeMention('hi @alxx there', { prefix: 'al', start: 3, end: 8 }, 'Alice')).toEqual({
      text: 'hi @Alice there',
      caret: 10,
    });
  });
});

// The cases the web client's notifications count mentions by.

describe('mentionsUser, as notifications use it', () => {
  it.each<[string, string | undefined, boolean]>([
    ['alone', '@alice', true],
    ['in a sentence', 'hey @alice, look', true],
    ['in any case', 'ping @ALICE', true],
    ['before a full stop', 'thanks @alice.', true],
    ['after punctuation', '(@alice)', true],
    ['one of several', '@bob @alice', true],
    ['without the @', 'alice, look', false],
    ['a longer name', '@alice2 and @alicex', false],
    ['an address', 'mail me at bob@alice', false],
    ['a shorter name', '@ali', false],
    ['no text (a file)', undefined, false],
  ])('%s', (_case, text, expected) => {
    expect(mentionsUser(text, 'alice')).toBe(expected);
  });

  it('matches names with dots and dashes whole', () => {
    expect(mentionsUser('hi @j.doe-2', 'j.doe-2')).toBe(true);
    expect(mentionsUser('hi @j.doe-2', 'j.doe')).toBe(false);
  });

  it('mentions nobody for an empty name', () => {
    expect(mentionsUser('@', '')).toBe(false);
  });
});
