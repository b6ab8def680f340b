import { Inject, Injectable } from '@nestjs/common';

import { STORE, Store } from '@chat/data';
import { ChatError, OkReplies, Recipient, TypingFrame, UserSettings } from '@chat/protocol';

import { Actor } from '../auth/actor';
import { activeRestriction, untilIso } from '../auth/restrictions';
import { LIVE_GATEWAY, LiveGateway } from '../live/live-gateway';
import { MessagesService, withOf } from '../messages/messages.service';

/** At most one typing event per user and conversation in this time; the rest are dropped. */
const TYPING_INTERVAL_MS = 1000;
/** The throttle's memory at most: past it, entries older than the interval are forgotten. */
const TYPING_MEMORY = 50_000;

/** What draws a user's attention but is no message: typing indicators, read receipts, their switch. */
@Injectable()
export class AttentionService {
  /** When each user last typed in each conversation (`user\0conversation`), for the throttle. */
  private readonly lastTyping = new Map<string, number>();

  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(LIVE_GATEWAY) private readonly live: LiveGateway,
    private readonly messages: MessagesService,
  ) {}

  /**
   * Tells the conversation's other people that the caller is typing (or stopped). The rules are
   * those of `send` (a muted user types to nobody); beyond one a second it is dropped, still ok.
   */
  public async typing(actor: Actor, input: { to: Recipient; stop?: boolean }): Promise<void> {
    const user = await this.store.users.findByName(actor.username);
    if (!user) throw new ChatError('NOT_AUTHENTICATED', 'Your account no longer exists');
    const mute = activeRestriction(user.mute);
    if (mute) throw new ChatError('MUTED', undefined, { until: untilIso(mute), reason: mute.reason });
    const addressing = await this.messages.address(user.username, input.to, actor.role);
    const key = `${user.username.toLowerCase()}\u0000${addressing.conversation}`;
    const now = Date.now();
    const last = this.lastTyping.get(key);
    if (input.stop) {
      // A stop matters only after a start the others still show.
      if (last === undefined) return;
      this.lastTyping.delete(key);
    } else {
      if (last !== undefined && now - last < TYPING_INTERVAL_MS) return;
      this.remember(key, now);
    }
    const frame: TypingFrame = {
      type: 'typing',
      from: user.username,
      to: addressing.to,
      kind: addressing.kind,
    };
    if (input.stop) frame.stop = true;
    if (addressing.kind === 'all') await this.live.broadcast(frame);
    else if (addressing.kind === 'room') await this.live.sendToRoom(String(addressing.to), frame);
    else {
      const self = user.username.toLowerCase();
      for (const name of addressing.participants) {
        if (name.toLowerCase() !== self) await this.live.sendToUser(name, frame);
      }
    }
  }

  /** The read marks of the others of a private or group conversation; none for who turned receipts off. */
  public async receipts(actor: Actor, input: { with: Recipient }): Promise<OkReplies['receipts']> {
    const addressing = await this.messages.address(actor.username, input.with, actor.role);
    if (addressing.kind !== 'private' && addressing.kind !== 'group') {
      throw new ChatError('INVALID', 'Read receipts are kept for private and group conversations');
    }
    const withWhom = withOf(addressing, actor.username);
    const users = await this.store.users.findManyByNames(addressing.participants);
    const self = actor.username.toLowerCase();
    if (!users.find((u) => u.username.toLowerCase() === self)?.receipts)
      return { with: withWhom, receipts: [] };
    const marks = new Map(
      (await this.store.reads.marksOf(addressing.conversation)).map((m) => [m.username, m.seq]),
    );
    const receipts = users
      .filter((u) => u.username.toLowerCase() !== self && u.receipts && marks.has(u.username.toLowerCase()))
      .map((u) => ({ user: u.username, seq: marks.get(u.username.toLowerCase())! }));
    return { with: withWhom, receipts };
  }

  /** Reads, and with `receipts` given first changes, the caller's settings. */
  public async settings(actor: Actor, input: Partial<UserSettings>): Promise<UserSettings> {
    if (input.receipts !== undefined) await this.store.users.setReceipts(actor.username, input.receipts);
    const user = await this.store.users.findByName(actor.username);
    if (!user) throw new ChatError('NOT_AUTHENTICATED', 'Your account no longer exists');
    return { receipts: user.receipts };
  }

  private remember(key: string, now: number): void {
    if (this.lastTyping.size >= TYPING_MEMORY) {
      for (const [k, at] of this.lastTyping) if (now - at >= TYPING_INTERVAL_MS) this.lastTyping.delete(k);
    }
    this.lastTyping.set(key, now);
  }
}
