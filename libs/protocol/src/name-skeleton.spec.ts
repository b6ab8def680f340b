import { describe, expect, it } from 'vitest';

import { nameSkeleton } from './name-skeleton';

describe(nameSkeleton.name, () => {
  it.each([
    ['aIice', 'alice'],
    ['a1ice', 'alice'],
    ['AIice', 'alice'],
    ['Alice', 'alice'],
    ['b0b', 'bob'],
    ['B0B', 'bob'],
    ['BOB', 'bob'],
    ['rnallory', 'mallory'],
    ['RNallory', 'Mallory'],
    ['vvalter', 'walter'],
    ['clave', 'dave'],
    ['cIave', 'dave'],
    ['ALICE', 'ALlCE'],
  ])('%j looks like %j', (a, b) => {
    expect(nameSkeleton(a)).toBe(nameSkeleton(b));
  });

  it.each([
    ['alice', 'aiice'],
    ['alice', 'alice2'],
    ['bob', 'bob_'],
    ['a.b', 'a-b'],
    ['mallory', 'nallory'],
    ['carol', 'caroI_'],
  ])('%j does not look like %j', (a, b) => {
    expect(nameSkeleton(a)).not.toBe(nameSkeleton(b));
  });

  it('is its own skeleton: a skeleton maps to itself', () => {
    for (const name of ['aIice', 'WOMBAT_01', 'd.m-w', 'Il1|0Oo']) {
      expect(nameSkeleton(nameSkeleton(name))).toBe(nameSkeleton(name));
    }
  });
});
