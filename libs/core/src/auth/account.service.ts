import { Inject, Injectable } from '@nestjs/common';

import { STORE, Store } from '@chat/data';
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
} as const;

/**
 * What users do with their own account's sessions: change the password and sign out everywhere.
 * Both void every token issued before (the token version) and end the user's live connections.
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
   * every session of the user and answers a fresh token for the caller.
   */
  public async changePassword(
    actor: Actor,
    currentPassword: string,
    newPassword: string,
  ): Promise<AuthResult> {
    assertPassword(newPassword);
    const { user } = await this.auth.login(actor.username, currentPassword);
    // One write: the new hash and the bumped token version.
    await this.store.users.setPasswordHash(user.username, await hashPassword(newPassword));
    await this.live.disconnectUser(user.username, kicked(user.username, SIGNED_OUT_REASONS.password));
    // Read back: the token carries the version the store has now.
    const fresh = await this.store.users.findByName(user.username);
    if (!fresh) throw new ChatError('NO_SUCH_USER');
    return { user: fresh, token: this.auth.issueToken(fresh) };
  }

  /** Voids every token of the caller and ends every session of theirs ("log out everywhere"). */
  public async signOutEverywhere(actor: Actor): Promise<void> {
    await this.store.users.bumpTokenVersion(actor.username);
    await this.live.disconnectUser(actor.username, kicked(actor.username, SIGNED_OUT_REASONS.everywhere));
  }
}

/** The last event of a revoked session: `kicked` (the user may log in again, with the password). */
export function kicked(by: string, reason: string): KickedFrame {
  return { type: 'kicked', by, reason };
}
