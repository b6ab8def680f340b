/** Each event's arguments, e.g. `{ close: [hadError: boolean] }`. */
export type EventMap<Events> = { [E in keyof Events]: unknown[] };

type Listener<Args extends unknown[]> = (...args: Args) => void;
/** The loose listener of the by-string signature, kept for helpers that subscribe by a name they were given. */
type AnyListener = (...args: never[]) => void;

interface Entry {
  listener: AnyListener;
  once: boolean;
}

/**
 * A small typed event emitter with node's EventEmitter's on/once/off/emit semantics (listeners run
 * synchronously, in the order they were added; a listener added or removed during an emit does
 * not change that emit). Its own, not node:events', so that the client core also runs in browsers.
 */
export class Emitter<Events extends EventMap<Events>> {
  private readonly entries = new Map<PropertyKey, Entry[]>();

  public on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): this;
  public on(event: string, listener: AnyListener): this;
  public on(event: PropertyKey, listener: unknown): this {
    return this.add(event, listener as AnyListener, false);
  }

  public once<E extends keyof Events>(event: E, listener: Listener<Events[E]>): this;
  public once(event: string, listener: AnyListener): this;
  public once(event: PropertyKey, listener: unknown): this {
    return this.add(event, listener as AnyListener, true);
  }

  /** Removes the listener (the earliest added, when added twice), whether added with on or once. */
  public off<E extends keyof Events>(event: E, listener: Listener<Events[E]>): this;
  public off(event: string, listener: AnyListener): this;
  public off(event: PropertyKey, listener: unknown): this {
    const entry = this.entries.get(event)?.find((e) => e.listener === listener);
    if (entry) this.remove(event, entry);
    return this;
  }

  public listenerCount(event: keyof Events): number {
    return this.entries.get(event)?.length ?? 0;
  }

  /** Calls every listener of `event`; true when there was one. A listener's throw reaches the caller, as with EventEmitter. */
  protected emit<E extends keyof Events>(event: E, ...args: Events[E]): boolean {
    const list = this.entries.get(event);
    if (list === undefined) return false;
    for (const entry of list.slice()) {
      if (entry.once) this.remove(event, entry);
      (entry.listener as unknown as Listener<Events[E]>)(...args);
    }
    return true;
  }

  private remove(event: PropertyKey, entry: Entry): void {
    const list = this.entries.get(event);
    const index = list?.indexOf(entry) ?? -1;
    if (!list || index < 0) return;
    list.splice(index, 1);
    if (list.length === 0) this.entries.delete(event);
  }

  private add(event: PropertyKey, listener: AnyListener, once: boolean): this {
    const list = this.entries.get(event);
    if (list) list.push({ listener, once });
    else this.entries.set(event, [{ listener, once }]);
    return this;
  }
}
