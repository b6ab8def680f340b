import { afterEach, describe, expect, it, vi } from 'vitest';

import { SeqOrder, SeqOrderOptions, Sequenced } from './seq-order';

function order(overrides: Partial<SeqOrderOptions<string>> = {}) {
  const delivered: number[] = [];
  const fills: [number, number][] = [];
  const store = new Map<number, string>();
  const seqOrder = new SeqOrder<string>({
    next: 1,
    deliver: (item, seq) => {
      expect(item).toBe(`m${seq}`);
      delivered.push(seq);
    },
    fill: async (after, upTo) => {
      fills.push([after, upTo]);
      const found: Sequenced<string>[] = [];
      for (const [seq, item] of store) if (seq > after && seq <= upTo) found.push({ seq, item });
      return found.sort((a, b) => a.seq - b.seq);
    },
    gapMs: 50,
    maxHeld: 100,
    ...overrides,
  });
  const push = (...seqs: number[]) => seqs.forEach((s) => seqOrder.push(s, `m${s}`));
  return { seqOrder, delivered, fills, store, push };
}

describe(SeqOrder.name, () => {
  afterEach(() => vi.useRealTimers());

  it('delivers in order at once what comes in order, and drops what comes again', () => {
    const { delivered, fills, push } = order();
    push(1, 2, 3, 2, 1, 4);
    expect(delivered).toEqual([1, 2, 3, 4]);
    expect(fills).toEqual([]);
  });

  it('holds what overtook an earlier seq until the earlier comes', () => {
    const { seqOrder, delivered, push } = order();
    push(1, 3, 5, 4);
    expect(delivered).toEqual([1]);
    expect(seqOrder.heldCount).toBe(3);
    push(2);
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(seqOrder.heldCount).toBe(0);
  });

  it('asks the store for a gap that stays open, and passes over what the store never had', async () => {
    vi.useFakeTimers();
    const { delivered, fills, store, push } = order();
    store.set(2, 'm2'); // committed, its publisher died before it told anyone
    // 3 never committed (a rolled-back write)
    push(1, 4, 5);
    expect(delivered).toEqual([1]);
    await vi.advanceTimersByTimeAsync(49);
    expect(fills).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fills).toEqual([[1, 3]]);
    expect(delivered).toEqual([1, 2, 4, 5]);
    push(3, 2);
    expect(delivered).toEqual([1, 2, 4, 5]);
  });

  it('asks at once when too many are held, and keeps order with what comes during the fill', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { delivered, fills, store, push } = order({
      maxHeld: 2,
      fill: async (after, upTo) => {
        fills.push([after, upTo]);
        await gate;
        return [...store].filter(([s]) => s > after && s <= upTo).map(([seq, item]) => ({ seq, item }));
      },
    });
    store.set(2, 'm2').set(3, 'm3');
    push(1, 4, 5, 6);
    expect(fills).toEqual([[1, 3]]);
    push(2, 7); // the live stream catches up while the store is asked
    expect(delivered).toEqual([1, 2]);
    release();
    await vi.waitFor(() => expect(delivered).toEqual([1, 2, 3, 4, 5, 6, 7]));
  });

  it('tries a failed fill again, and delivers nothing after close', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let fail = true;
    const { seqOrder, delivered, fills, push } = order({
      onFillError: (err) => errors.push(err),
      fill: async (after, upTo) => {
        fills.push([after, upTo]);
        if (fail) throw new Error('store down');
        return [];
      },
    });
    push(1, 3);
    await vi.advanceTimersByTimeAsync(50);
    expect(errors).toHaveLength(1);
    expect(delivered).toEqual([1]);
    fail = false;
    await vi.advanceTimersByTimeAsync(50);
    expect(delivered).toEqual([1, 3]);
    expect(fills).toEqual([
      [1, 2],
      [1, 2],
    ]);
    seqOrder.close();
    push(4);
    expect(delivered).toEqual([1, 3]);
  });
});
