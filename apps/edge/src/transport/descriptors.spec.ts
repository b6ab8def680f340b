import { describe, expect, it } from 'vitest';

import { connectionCap, descriptorLimit } from './descriptors';

describe('connectionCap', () => {
  it('keeps a reserve of descriptors below the soft limit', () => {
    expect(connectionCap(20_000, { soft: 20_000, hard: 20_000 })).toBe(18_000);
    expect(connectionCap(20_000, { soft: 1024, hard: 4096 })).toBe(921);
    expect(connectionCap(20_000, { soft: 200, hard: 200 })).toBe(136);
  });

  it('takes what was asked for when the descriptors allow it, and at least one', () => {
    expect(connectionCap(500, { soft: 65_536, hard: 65_536 })).toBe(500);
    expect(connectionCap(500, null)).toBe(500);
    expect(connectionCap(500, { soft: 10, hard: 10 })).toBe(1);
  });

  it('reads this process limit on Linux', () => {
    const limit = descriptorLimit();
    if (process.platform !== 'linux') return expect(limit).toBeNull();
    expect(limit!.soft).toBeGreaterThan(0);
    expect(limit!.hard).toBeGreaterThanOrEqual(limit!.soft);
  });
});
