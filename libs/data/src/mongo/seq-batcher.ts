/** What the batcher needs from the database: a block of sequence numbers, and an ordered insert. */
export interface SeqBackend<T> {
  /** Reserves `count` consecutive numbers atomically; resolves to the last of them. */
  reserve(count: number): Promise<number>;
  /**
   * Writes the items in order, durably. On failure it may throw a PartialInsertError saying how
   * many of the first items were written before the failure.
   */
  insert(items: ReadonlyArray<{ seq: number; item: T }>): Promise<void>;
}

/** An ordered insert that wrote the first `inserted` items and then failed. */
export class PartialInsertError extends Error {
  constructor(
    public readonly inserted: number,
    public override readonly cause: unknown,
  ) {
    super(`Insert failed after ${inserted} items`);
    this.name = 'PartialInsertError';
  }
}

interface Pending<T> {
  item: T;
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

/**
 * Gives items strictly increasing sequence numbers and writes them one batch at a time.
 *
 * Why batches and why one at a time: MongoDB has no transaction-free way to take a number and
 * insert under it atomically. Were appends to run side by side, seq 11 could become visible
 * before seq 10, and a reader asking for "everything after 11" would never see 10. Running them
 * one after another keeps insertion (and resolution) in seq order; taking everything queued
 * while the previous write was in flight as one batch (one counter update, one insertMany) keeps
 * that from costing two round trips per message under load.
 */
export class SeqBatcher<T> {
  private queue: Pending<T>[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly backend: SeqBackend<T>,
    private readonly maxBatch = 1000,
  ) {}

  /** Resolves to the item's seq once it is written; callers resolve in seq order. */
  public submit(item: T): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // Started a microtask later, so that appends made in one go (Promise.all) share a batch.
      this.running ??= Promise.resolve().then(() => this.drainQueue());
    });
  }

  /** Resolves once everything submitted so far is written (or has failed). */
  public async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drainQueue(): Promise<void> {
    while (this.queue.length > 0) {
      await this.writeBatch(this.queue.splice(0, this.maxBatch));
    }
    // Reached with an empty queue and no await since the check: a submit cannot slip between.
    this.running = null;
  }

  private async writeBatch(batch: Pending<T>[]): Promise<void> {
    let seqs: number[] = [];
    try {
      const last = await this.backend.reserve(batch.length);
      seqs = batch.map((_, i) => last - batch.length + 1 + i);
      await this.backend.insert(batch.map((pending, i) => ({ seq: seqs[i], item: pending.item })));
      batch.forEach((pending, i) => pending.resolve(seqs[i]));
    } catch (err) {
      // The numbers of the failed items are burnt: seq may have gaps, but never goes back.
      const written = err instanceof PartialInsertError ? err.inserted : 0;
      const cause = err instanceof PartialInsertError ? err.cause : err;
      batch.forEach((pending, i) => (i < written ? pending.resolve(seqs[i]) : pending.reject(cause)));
    }
  }
}
