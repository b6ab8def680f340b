/**
 * What the registry and local delivery need of a connection. The transport's `Connection`
 * implements it; the registry knows nothing else of the transport.
 */
export interface LiveConnection {
  /** The edge's number for the connection (a `ConnectionId` as a string). */
  readonly id: number;
  /** Who the connection is logged in as, null before log-in. */
  readonly user: { readonly username: string; readonly session?: string } | null;
  /** Queues an event; `seq` (messages) lets a connection replaying history skip what it replayed. */
  sendEvent(buf: Buffer, seq?: number): void;
  /** Sends a last event, past any replay it was holding events for, then closes. */
  closeWith(buf: Buffer): void;
}

/**
 * Told when a user's first connection on this process logs in and when their last one goes:
 * presence and per-user timers follow it. Listeners are called at once, in the same turn as the
 * change, so that whatever they read (who is online, how many) is the state the change left.
 */
export interface SessionListener {
  arrived?(username: string): void | Promise<void>;
  left?(username: string): void | Promise<void>;
}

interface OnlineUser<C> {
  username: string;
  connections: Set<C>;
}

/**
 * Which connections this process has, and who is logged in on which: the edge's only state.
 * Local by design: what reaches other connections goes through the LiveGateway, which reads this
 * registry in-process and will read Redis across edges.
 */
export class ConnectionRegistry<C extends LiveConnection = LiveConnection> {
  private readonly users = new Map<string, OnlineUser<C>>();
  private readonly loggedIn = new Set<C>();
  private readonly all = new Set<C>();
  private readonly listeners: SessionListener[] = [];
  /**
   * The names online, kept sorted as users come and go (by their lower-cased keys, in `keys`), so
   * that `who` and every log-in reply read them without sorting: a log-in storm stays linear.
   */
  private readonly keys: string[] = [];
  private readonly names: string[] = [];

  public get connectionCount(): number {
    return this.all.size;
  }

  public get onlineCount(): number {
    return this.users.size;
  }

  public subscribe(listener: SessionListener): void {
    this.listeners.push(listener);
  }

  public connected(conn: C): void {
    this.all.add(conn);
  }

  /**
   * Marks a connection logged in as its `user`. For the user's first connection the listeners are
   * told; resolves once they have done with it.
   */
  public login(conn: C): Promise<void> {
    const user = conn.user!;
    const key = user.username.toLowerCase();
    let entry = this.users.get(key);
    const first = !entry;
    if (!entry) {
      entry = { username: user.username, connections: new Set() };
      this.users.set(key, entry);
      const at = sortedIndex(this.keys, key);
      this.keys.splice(at, 0, key);
      this.names.splice(at, 0, user.username);
    }
    entry.connections.add(conn);
    this.loggedIn.add(conn);
    return first ? this.tell('arrived', user.username) : Promise.resolve();
  }

  /** Forgets that a connection is logged in; when it was the user's last, the listeners are told. */
  public logout(conn: C): Promise<void> {
    this.loggedIn.delete(conn);
    const user = conn.user;
    if (!user) return Promise.resolve();
    const key = user.username.toLowerCase();
    const entry = this.users.get(key);
    if (!entry || !entry.connections.delete(conn) || entry.connections.size > 0) return Promise.resolve();
    this.users.delete(key);
    const at = sortedIndex(this.keys, key);
    if (this.keys[at] === key) {
      this.keys.splice(at, 1);
      this.names.splice(at, 1);
    }
    return this.tell('left', user.username);
  }

  public disconnected(conn: C): Promise<void> {
    this.all.delete(conn);
    return this.logout(conn);
  }

  /** Every connection, logged in or not. */
  public connections(): IterableIterator<C> {
    return this.all.values();
  }

  public loggedInConnections(): ReadonlySet<C> {
    return this.loggedIn;
  }

  public connectionsOf(username: string): ReadonlySet<C> {
    return this.connectionsOfKey(username.toLowerCase());
  }

  /** connectionsOf for a name already lower-cased (a room's members are kept so): no allocation. */
  public connectionsOfKey(lowerCaseName: string): ReadonlySet<C> {
    return this.users.get(lowerCaseName)?.connections ?? NONE;
  }

  public isOnline(username: string): boolean {
    return this.users.has(username.toLowerCase());
  }

  /** The names logged in here, sorted without regard to case. */
  public onlineNames(): string[] {
    return this.names.slice();
  }

  private async tell(event: keyof SessionListener, username: string): Promise<void> {
    // Every listener starts now; none waits for another to finish.
    await Promise.all(this.listeners.map((listener) => listener[event]?.(username)));
  }
}

const NONE: ReadonlySet<never> = new Set();

/** Where `key` is or would go in the sorted `keys` (binary search). */
function sortedIndex(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Presence as a registry listener that nobody waits for: presence is coalesced (a change may wait
 * out its window, up to a second), and a log-in's reply must not wait with it.
 */
export function presenceListener(presence: {
  arrived(username: string): Promise<void>;
  left(username: string): Promise<void>;
}): SessionListener {
  return {
    arrived: (username) => void presence.arrived(username).catch(() => undefined),
    left: (username) => void presence.left(username).catch(() => undefined),
  };
}
