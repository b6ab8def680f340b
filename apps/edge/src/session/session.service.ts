import { Inject, Injectable, Logger } from '@nestjs/common';

import { AuthResult, AuthService, MessagesService, PresenceService, RoomsService } from '@chat/core';
import { STORE, Store } from '@chat/data';
import { ChatError, ClientFrameOf, OkReplies } from '@chat/protocol';

import { MuteExpiry } from '../live/mute-expiry';
import { ConnectionRegistry } from '../registry/connection-registry';
import { ChatContext } from '../transport/chat.context';
import { Connection } from '../transport/connection';

/** Log-in, log-out and catch-up of one connection. */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);

  constructor(
    private readonly auth: AuthService,
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
    const result = await this.authenticate(frame, ctx.connection.wire.address);
    const conn = ctx.connection;
    if (conn.user) await this.registry.logout(conn);
    conn.user = { username: result.user.username, role: result.user.role };
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

  public logout(ctx: ChatContext): OkReplies['logout'] {
    const conn = ctx.connection;
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

  private authenticate(frame: ClientFrameOf<'login'>, address: string): Promise<AuthResult> {
    if (frame.token !== undefined) return this.auth.loginWithToken(frame.token);
    if (frame.user !== undefined && frame.password !== undefined)
      return this.auth.login(frame.user, frame.password, address);
    throw new ChatError('INVALID', 'login needs user and password, or token');
  }

  private async catchUp(conn: Connection, since: number | undefined): Promise<void> {
    let replayed = 0;
    try {
      if (since !== undefined && conn.user) {
        for await (const page of this.messages.visibleSince(conn.user.username, since)) {
          if (!conn.isOpen) return;
          for (const frame of page) conn.sendFrame(frame);
          replayed = page[page.length - 1].seq;
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
