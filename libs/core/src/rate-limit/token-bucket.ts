interface Bucket {
  tokens: number;
  at: number;
}

/**
 * One token bucket per key (user): bursts of `burst`, refilled at `perSec`. A burst or rate of 0
 * turns limiting off (for benchmarks). With `maxKeys`, the least recently used bucket is forgotten
 * when a new key would pass it (keys that anyone can mint, such as client addresses).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly burst: number,
    private readonly perSec: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = Infinity,
  ) {}

  public get enabled(): boolean {
    return this.burst > 0 && this.perSec > 0;
  }

  /** Takes one token: 0 when allowed, else the milliseconds until one is available. */
  public take(key: string): number {
    if (!this.enabled) return 0;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) * this.perSec) / 1000);
    bucket.at = now;
    if (this.maxKeys !== Infinity) {
      // Map keeps insertion order: re-inserting makes the first key the least recently used.
      this.buckets.delete(key);
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 1000) / this.perSec);
  }

  public get size(): number {
    return this.buckets.size;
  }

  /** Forgets full buckets, so that the map does not grow with every user ever seen. */
  public sweep(): void {
    const now = this.now();
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) * this.perSec) / 1000 >= this.burst) this.buckets.delete(key);
    }
  }
}
