import { describe, expect, it } from 'vitest';

import { PartialInsertError, SeqBackend, SeqBatcher } from './seq-batcher';

/**
 * An in-memory stand-in for the counter and the collection, with random latencies: the batcher's
 * ordering is what is under test here, and no MongoDB server can run on this machine (the Mongo
 * store's own contract tests run where MONGODB_URI is set).
 */
class FakeBackend implements SeqBackend<string> {
  public counter = 0;
  public readonly rows: Array<{ seq: number; item: string }> = [];
  public readonly batchSizes: number[] = [];
  public failNext: ((items: ReadonlyArray<{ seq: number; item: string }>) => Error) | null = null;

  public async reserve(count: number): Promise<number> {
    await jitter();
    this.counter += count;
    return this.counter;
  }

  public async insert(items: ReadonlyArray<{ seq: number; item: string }>): Promise<void> {
    await jitter();
    this.batchSizes.push(items.length);
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure(items);
    this.rows.push(...items);
  }
}

function jitter(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
}

describe(SeqBatcher.name, () => {
  it('resolves concurrent submissions in call order with strictly increasing seqs', async () => {
    const backend = new FakeBackend();
    const sut = new SeqBatcher(backend);
    const resolved: number[] = [];
    const submissions = Array.from({ length: 200 }, (_, i) =>
      sut.submit(`m${i}`).then((seq) => {
        resolved.push(seq);
        return seq;
      }),
    );
    const seqs = await Promise.all(submissions);

    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(resolved).toEqual(seqs);
    expect(backend.rows.map((r) => r.item)).toEqual(seqs.map((seq) => `m${seq - 1}`));
  });

  it('writes one batch at a time, gathering what queued meanwhile', async () => {
    const backend = new FakeBackend();
    const sut = new SeqBatcher(backend);
    const first = Array.from({ length: 5 }, (_, i) => sut.submit(`a${i}`));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const second = Array.from({ length: 7 }, (_, i) => sut.submit(`b${i}`));
    await Promise.all([...first, ...second]);

    expect(backend.batchSizes).toEqual([5, 7]);
    expect(backend.rows.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('caps the batch size', async () => {
    const backend = new FakeBackend();
    const sut = new SeqBatcher(backend, 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => sut.submit(`m${i}`)));
    expect(backend.batchSizes).toEqual([4, 4, 2]);
  });

  it('resolves what a failed ordered insert wrote, rejects the rest, and carries on', async () => {
    const backend = new FakeBackend();
    const sut = new SeqBatcher(backend);
    const cause = new Error('duplicate key');
    backend.failNext = (items) => {
      backend.rows.push(...items.slice(0, 2));
      return new PartialInsertError(2, cause);
    };
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => sut.submit(`m${i}`)));

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect(outcomes[2]).toMatchObject({ reason: cause });
    const next = await sut.submit('after');
    expect(next).toBe(5);
  });

  it('rejects the whole batch on a failure it cannot place', async () => {
    const backend = new FakeBackend();
    const sut = new SeqBatcher(backend);
    backend.failNext = () => new Error('network');
    const outcomes = await Promise.allSettled([sut.submit('a'), sut.submit('b')]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });

  it('goes idle once everything submitted is written', async () => {
    const backend = new FakeBackend();
    const sut = new SeqBatcher(backend);
    void sut.submit('a');
    void sut.submit('b');
    await sut.idle();
    expect(backend.rows).toHaveLength(2);
  });
});
