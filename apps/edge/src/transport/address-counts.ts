/** How many of something each remote address holds now: the per-address caps count with it. */
export class AddressCounts {
  private readonly counts = new Map<string, number>();

  public of(address: string): number {
    return this.counts.get(address) ?? 0;
  }

  public add(address: string): void {
    this.counts.set(address, this.of(address) + 1);
  }

  /** One fewer; an address left with none is forgotten, so the map holds only those with some. */
  public remove(address: string): void {
    const left = this.of(address) - 1;
    if (left > 0) this.counts.set(address, left);
    else this.counts.delete(address);
  }
}
