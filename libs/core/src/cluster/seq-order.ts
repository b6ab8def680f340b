/** A message held for delivery in `seq` order, with what routes it. */
export interface Sequenced<T> {
  seq: number;
  item: T;
}

export interface SeqOrderOptions<T> {
  /** The first `seq` to deliver: the store's latest + 1 when the edge starts. */
  next: number;
  /** Called for each item, in strictly increasing `seq`, each once. */
  deliver: (item: T, seq: number) => void;
  /**
   * What the store holds with `after < seq <= upTo`, oldest first: asked for what did not come
   * within `gapMs`. A `seq` the store lacks while a later one is held never comes (the store
   * commits in `seq` order) and is passed over.
   */
  fill: (after: number, upTo: number) => Promise<Sequenced<T>[]>;
  /** How long a gap may wait for the live stream before the store is asked. */
  gapMs: number;
  /** Held items beyond which the store is asked at once rather than after `gapMs`. */
  maxHeld: number;
  /** A fill that failed (the store unreachable); it is tried again after `gapMs`. */
  onFillError?: (err: unknown) => void;
}

/**
 * The one order of messages on an edge whatever edge stored them (protocol.md §13): each `seq`
 * is delivered once, in strictly increasing order. Messages come from several publishers, so one
 * may overtake another between commit and delivery; a later one waits (at most `gapMs`, at most
 * `maxHeld` of them) for the earlier, then the store fills the gap. Linear in the messages: a
 * held one is looked up by its `seq`, never searched for.
 */
export class SeqOrder<T> {
  private nextSeq: number;
  private readonly held = new Map<number, T>();
  private timer: NodeJS.Timeout | null = null;
  private filling = false;
  private closed = false;

  constructor(private readonly options: SeqOrderOptions<T>) {
    this.nextSeq = options.next;
  }

  /** The next `seq` to be delivered. */
  public get next(): number {
    return this.nextSeq;
  }

  /** How many wait for an earlier `seq`. */
  public get heldCount(): number {
    return this.held.size;
  }

  /** One message from the live stream (this edge's or another's); a repeat or a late one is dropped. */
  public push(seq: number, item: T): void {
    if (this.closed || seq < this.nextSeq || this.held.has(seq)) return;
    if (seq === this.nextSeq && this.held.size === 0) {
      this.nextSeq++;
      this.options.deliver(item, seq);
      return;
    }
    this.held.set(seq, item);
    this.drain();
    if (this.held.size === 0) return;
    if (this.held.size > this.options.maxHeld) void this.fillGap();
    else this.timer ??= setTimeout(() => void this.fillGap(), this.options.gapMs);
  }

  /** Stops: nothing more is delivered or asked of the store. */
  public close(): void {
    this.closed = true;
    this.held.clear();
    this.clearTimer();
  }

  private drain(): void {
    let item = this.held.get(this.nextSeq);
    while (item !== undefined) {
      this.held.delete(this.nextSeq);
      const seq = this.nextSeq++;
      this.options.deliver(item, seq);
      item = this.held.get(this.nextSeq);
    }
    if (this.held.size === 0) this.clearTimer();
  }

  private async fillGap(): Promise<void> {
    this.clearTimer();
    if (this.filling || this.closed || this.held.size === 0) return;
    this.filling = true;
    const after = this.nextSeq - 1;
    let upTo = Infinity;
    for (const seq of this.held.keys()) upTo = Math.min(upTo, seq - 1);
    try {
      const found = await this.options.fill(after, upTo);
      if (this.closed) return;
      for (const { seq, item } of found) {
        if (seq >= this.nextSeq && seq <= upTo && !this.held.has(seq)) this.held.set(seq, item);
      }
      // Everything up to upTo is now held or known not to exist.
      while (this.nextSeq <= upTo) {
        const item = this.held.get(this.nextSeq);
        const seq = this.nextSeq++;
        if (item !== undefined) {
          this.held.delete(seq);
          this.options.deliver(item, seq);
        }
      }
      this.drain();
    } catch (err) {
      this.options.onFillError?.(err);
    } finally {
      this.filling = false;
    }
    if (!this.closed && this.held.size > 0) {
      this.timer ??= setTimeout(() => void this.fillGap(), this.options.gapMs);
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
