/**
 * Events held back while a login is answered: with `since`, the server replays the missed messages
 * right after its ok reply, often in the same read, before the reply's promise has resumed anyone.
 * Held, they go out after the reply has been taken in (who is online, where seq starts), in order.
 */
export class HeldEvents<Source> {
  private holding = false;
  private held: { source: Source; deliver: () => void }[] = [];

  public hold(): void {
    this.holding = true;
  }

  /** Runs `deliver` now, or once released when holding. */
  public pass(source: Source, deliver: () => void): void {
    if (this.holding) this.held.push({ source, deliver });
    else deliver();
  }

  /** Stops holding and delivers what was held from the sources `keep` accepts, in order; drops the rest. */
  public release(keep: (source: Source) => boolean): void {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const { source, deliver } of held) if (keep(source)) deliver();
  }

  public clear(): void {
    this.holding = false;
    this.held = [];
  }
}
