import { Inject, Injectable } from '@nestjs/common';

import { SessionRecord, STORE, Store } from '@chat/data';
import { assertPassword, ChatError, KickedFrame } from '@chat/protocol';

import { LIVE_GATEWAY, LiveGateway } from '../live/live-gateway';
import { Actor } from './actor';
import { AuthResult, AuthService } from './auth.service';
import { hashPassword } from './password-hasher';

/** The reasons the `kicked` event of a revocation gives (what the clients show). */
export const SIGNED_OUT_REASONS = {
  password: 'Your password was changed',
  everywhere: 'Signed out everywhere',
  admin: 'Signed out by an admin',
  session: 'This session was ended',
  reset: 'Your password was reset by an admin',
  deleted: 'Your account was deleted',
} as const;

/** A session as its user sees it in the list: `current` marks the one the request came with. */
export interface SessionView extends SessionRecord {
  current: boolean;
}

/**
 * What users do with their own account's sessions: change the password, list and end sessions,
 * sign out everywhere. Ending a session voids the tokens of that session (they carry its id) and
 * closes its live connections; the others void every token issued before (the token version).
 */
@Injectable()
export class AccountService {
  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(LIVE_GATEWAY) private readonly live: LiveGateway,
    private readonly auth: AuthService,
  ) {}

  /**
   * Checks the current password as a log-in does (BAD_CREDENTIALS, BANNED), sets the new one, ends
   * every other session of the user with its live connections, and answers a fresh token for the
   * caller's session.
   */
  public async changePassword(
    actor: Actor,
    currentPassword: string,
    newPassword: string,
  ): Promise<AuthResult> {
    assertPassword(newPassword);
    const user = await this.auth.checkPassword(actor.username, currentPassword);
    // One write: the new hash and the bumped token version.
    await this.store.users.setPasswordHash(user.username, await hashPassword(newPassword));
    const ended = await this.store.sessions.removeAllOf(user.username, actor.session);
    // The caller's own connections stay (a browser changing its password goes on with the fresh token).
    const frame = kicked(user.username, SIGNED_OUT_REASONS.password);
    if (actor.session === undefined) await this.live.disconnectUser(user.username, frame);
    else for (const session of ended) await this.live.disconnectUser(user.username, frame, session);
    // Read back: the token carries the version the store has now.
    const fresh = await this.store.users.findByName(user.username);
    if (!fresh) throw new ChatError('NO_SUCH_USER');
    const session = actor.session ?? (await this.auth.startSession(fresh, { transport: 'http' }));
    return { user: fresh, token: this.auth.issueToken(fresh, session), session };
  }

  /** Voids every token of the caller and ends every session of theirs ("log out everywhere"). */
  public async signOutEverywhere(actor: Actor): Promise<void> {
    await this.store.users.bumpTokenVersion(actor.username);
    await this.store.sessions.removeAllOf(actor.username);
    await this.live.disconnectUser(actor.username, kicked(actor.username, SIGNED_OUT_REASONS.everywhere));
  }

  /** The caller's sessions, the most recently used first. */
  public async sessions(actor: Actor): Promise<SessionView[]> {
    const sessions = await this.store.sessions.listOf(actor.username);
    return sessions.map((session) => ({ ...session, current: session.id === actor.session }));
  }

  /**
   * Ends one of the caller's sessions (the current one too): its tokens stop working and its live
   * connections get `kicked` and close. NO_SUCH_SESSION for an id that is not one of theirs.
   */
  public async endSession(actor: Actor, id: string): Promise<void> {
    const session = await this.store.sessions.find(id);
    if (!session || session.username.toLowerCase() !== actor.username.toLowerCase()) {
      throw new ChatError('NO_SUCH_SESSION');
    }
    await this.store.sessions.remove(id);
    await this.live.disconnectUser(
      actor.username,
      kicked(actor.username, SIGNED_OUT_REASONS.session),
      session.id,
    );
  }
}

/** The last event of a revoked session: `kicked` (the user may log in again, with the password). */
export function kicked(by: string, reason: string): KickedFrame {
  return { type: 'kicked', by, reason };
}
