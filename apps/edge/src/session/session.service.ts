import { setImmediate as nextTurn } from 'node:timers/promises';

import { Inject, Injectable, Logger } from '@nestjs/common';

import {
  AccountService,
  AuthResult,
  AuthService,
  MessagesService,
  PresenceService,
  RoomsService,
} from '@chat/core';
import { STORE, Store } from '@chat/data';
import { ChatError, ClientFrameOf, GapFrame, OkReplies, REPLAY_MAX } from '@chat/protocol';

import { MuteExpiry } from '../live/mute-expiry';
import { ConnectionRegistry } from '../registry/connection-registry';
import { ChatContext } from '../transport/chat.context';
import { Connection } from '../transport/connection';
import type { Wire } from '../transport/wire';

/** Log-in, log-out and catch-up of one connection. */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);

  constructor(
    private readonly auth: AuthService,
    private readonly account: AccountService,
    private readonly messages: MessagesService,
    private readonly presence: PresenceService,
    private readonly rooms: RoomsService,
    private readonly registry: ConnectionRegistry<Connection>,
    private readonly mutes: MuteExpiry,
    @Inject(STORE) private readonly store: Store,
  ) {}

  public async register(frame: ClientFrameOf<'register'>, ctx: ChatContext): Promise<OkReplies['register']> {
    const user = await this.auth.register(frame.user, frame.password, 'user', ctx.connection.wire.address);
    return { user: user.username };
  }

  /**
   * Logs the connection in. Events are held from here until the reply is out and, with `since`,
   * the missed messages have been replayed, so the client sees: ok, backlog, live, in seq order.
   */
  public async login(frame: ClientFrameOf<'login'>, ctx: ChatContext): Promise<OkReplies['login']> {
    const result = await this.authenticate(frame, ctx.connection.wire);
    const conn = ctx.connection;
    if (conn.user) await this.registry.logout(conn);
    conn.user = { username: result.user.username, role: result.user.role, session: result.session };
    conn.holdEvents();
    const seq = await this.messages.latestSeq();
    // The user's first connection announces them online (held here like any event).
    await this.registry.login(conn);
    const muteUntil = result.user.mute?.until;
    if (muteUntil && muteUntil.getTime() > Date.now()) this.mutes.endsAt(result.user.username, muteUntil);
    ctx.afterReply.push(() => this.catchUp(conn, frame.since));
    void this.store.users.touchLastSeen(result.user.username, new Date()).catch(() => undefined);
    const [{ online }, rooms, unread] = await Promise.all([
      this.presence.who(),
      this.rooms.roomNamesOf(result.user.username),
      this.messages.unread(result.user.username),
    ]);
    return {
      user: result.user.username,
      role: result.user.role,
      token: result.token,
      online,
      seq,
      rooms,
      unread,
      settings: { receipts: result.user.receipts },
    };
  }

  /**
   * Logs the connection out and closes it once the reply is out. With `everywhere`, every token of
   * the user is void before the reply and their other connections get `kicked` and close, as after
   * `POST /api/auth/logout-all`.
   */
  public async logout(frame: ClientFrameOf<'logout'>, ctx: ChatContext): Promise<OkReplies['logout']> {
    const conn = ctx.connection;
    if (frame.everywhere) {
      const user = ctx.user;
      // Out of the registry first: this connection gets its ok, the user's others the `kicked`.
      await this.registry.logout(conn);
      await this.account.signOutEverywhere(user);
    }
    ctx.afterReply.push(async () => {
      await this.registry.logout(conn);
      conn.close();
    });
    return {};
  }

  /** Records when a user was last seen as their connection closes. */
  public disconnected(conn: Connection): void {
    if (conn.user) void this.store.users.touchLastSeen(conn.user.username, new Date()).catch(() => undefined);
  }

  private authenticate(frame: ClientFrameOf<'login'>, wire: Wire): Promise<AuthResult> {
    if (frame.token !== undefined) return this.auth.loginWithToken(frame.token);
    if (frame.user !== undefined && frame.password !== undefined) {
      const client = { transport: wire.kind, address: wire.address, userAgent: wire.userAgent };
      return this.auth.login(frame.user, frame.password, client);
    }
    throw new ChatError('INVALID', 'login needs user and password, or token');
  }

  /**
   * Replays what the connection missed: at most REPLAY_MAX messages, the newest, a page at a time;
   * after each page it waits until the socket has taken it and lets other work run, so that one
   * long replay neither holds the event loop nor piles up output. A longer backlog ends with a
   * `gap` event naming what was left out.
   */
  private async catchUp(conn: Connection, since: number | undefined): Promise<void> {
    let replayed = 0;
    try {
      if (since !== undefined && conn.user) {
        const username = conn.user.username;
        const floor = await this.messages.replayFloor(username, since, REPLAY_MAX);
        for await (const page of this.messages.visibleSince(username, floor)) {
          if (!conn.isOpen) return;
          for (const frame of page) conn.sendFrame(frame);
          replayed = page[page.length - 1].seq;
          await conn.drained();
          await nextTurn();
        }
        if (floor > since && conn.isOpen) {
          const gap: GapFrame = { type: 'gap', after: since, until: floor };
          conn.sendFrame(gap);
        }
      }
    } catch (err) {
      this.logger.error(`Replay for ${conn.user?.username} failed: ${String(err)}`);
      conn.close();
    } finally {
      conn.releaseEvents(replayed);
    }
  }
}
