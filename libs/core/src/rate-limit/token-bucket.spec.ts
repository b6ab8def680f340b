import { describe, expect, it } from 'vitest';

import { TokenBuckets } from './token-bucket';

describe(TokenBuckets.name, () => {
  it('allows a burst, then answers how long to wait, then refills', () => {
    let now = 1_000;
    const sut = new TokenBuckets(3, 10, () => now);
    expect([sut.take('a'), sut.take('a'), sut.take('a')]).toEqual([0, 0, 0]);
    expect(sut.take('a')).toBe(100);
    expect(sut.take('b')).toBe(0);
    now += 100;
    expect(sut.take('a')).toBe(0);
    expect(sut.take('a')).toBe(100);
  });

  it('is off when the burst or the rate is 0', () => {
    const sut = new TokenBuckets(0, 10);
    expect(sut.enabled).toBe(false);
    for (let i = 0; i < 1000; i++) expect(sut.take('a')).toBe(0);
  });

  it('forgets buckets that are full again', () => {
    let now = 0;
    const sut = new TokenBuckets(2, 1, () => now);
    sut.take('a');
    now += 5_000;
    sut.sweep();
    expect(sut.take('a')).toBe(0);
    expect(sut.take('a')).toBe(0);
    expect(sut.take('a')).toBeGreaterThan(0);
  });

  it('keeps at most maxKeys buckets, forgetting the least recently used', () => {
    const sut = new TokenBuckets(1, 0.001, () => 0, 2);
    sut.take('a');
    sut.take('b');
    expect(sut.take('a')).toBeGreaterThan(0);
    sut.take('c');
    expect(sut.size).toBe(2);
    expect(sut.take('a')).toBeGreaterThan(0);
    expect(sut.take('b')).toBe(0);
  });
});
