import { Inject, Injectable } from '@nestjs/common';

import { Restriction, STORE, Store, UserRecord } from '@chat/data';
import { AuditAction, ChatError, Role } from '@chat/protocol';

import { kicked, SIGNED_OUT_REASONS } from '../auth/account.service';
import { Actor } from '../auth/actor';
import { untilFromMinutes, untilIso } from '../auth/restrictions';
import { LIVE_GATEWAY, LiveGateway } from '../live/live-gateway';
import { BAN, MUTE, RestrictionKind } from './restriction-kind';

export interface ModerationInput {
  reason?: string;
  /** Duration; none means until lifted. */
  minutes?: number;
}

/**
 * The user acted on, and whether the live effect was delivered: `live` is false when the edge
 * could not be told (its control channel down). A ban or mute is stored all the same, and the edge
 * finds it at the user's next send or log-in; a kick then did nothing.
 */
export interface Moderated {
  user: UserRecord;
  live: boolean;
}

export interface Restricted extends Moderated {
  restriction: Restriction;
}

/**
 * Kick, ban, mute and their undoing: the rules, the store, the audit log and the live effect, in
 * one place for the edge's moderation frames and the admin API's routes.
 */
@Injectable()
export class ModerationService {
  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(LIVE_GATEWAY) private readonly live: LiveGateway,
  ) {}

  public async kick(actor: Actor, username: string, input: ModerationInput = {}): Promise<Moderated> {
    const target = await this.target(actor, username);
    const reason = input.reason ?? null;
    await this.audit(actor, 'kick', target, reason, {});
    const live = delivered(
      await this.live.disconnectUser(target.username, {
        type: 'kicked',
        by: actor.username,
        ...(reason ? { reason } : {}),
      }),
    );
    await this.notice(`${target.username} was kicked by ${actor.username}${reasonText(reason)}`);
    return { user: target, live };
  }

  public ban(actor: Actor, username: string, input: ModerationInput = {}): Promise<Restricted> {
    return this.impose(BAN, actor, username, input);
  }

  public unban(actor: Actor, username: string): Promise<Moderated> {
    return this.lift(BAN, actor, username);
  }

  public mute(actor: Actor, username: string, input: ModerationInput = {}): Promise<Restricted> {
    return this.impose(MUTE, actor, username, input);
  }

  public unmute(actor: Actor, username: string): Promise<Moderated> {
    return this.lift(MUTE, actor, username);
  }

  /**
   * Voids every token of the user and ends their sessions (`kicked`, the reason given or "Signed
   * out by an admin"); they log in again with their password. Audited; no notice to everyone.
   */
  public async revokeTokens(
    actor: Actor,
    username: string,
    input: Pick<ModerationInput, 'reason'> = {},
  ): Promise<Moderated> {
    const target = await this.target(actor, username);
    const reason = input.reason ?? null;
    await this.store.users.bumpTokenVersion(target.username);
    await this.store.sessions.removeAllOf(target.username);
    await this.audit(actor, 'revoke-tokens', target, reason, {});
    const live = delivered(
      await this.live.disconnectUser(
        target.username,
        kicked(actor.username, reason ?? SIGNED_OUT_REASONS.admin),
      ),
    );
    return { user: target, live };
  }

  /**
   * Promotes or demotes a user. Admin checks read the role from the store, so the change applies at
   * once, on live connections too; the user is told with a notice.
   */
  public async setRole(actor: Actor, username: string, role: Role): Promise<UserRecord> {
    const target = await this.target(actor, username);
    if (target.role === role) return target;
    await this.store.users.setRole(target.username, role);
    await this.audit(actor, 'role', target, null, { role, previous: target.role });
    const text =
      role === 'admin' ? `${actor.username} made you an admin` : `${actor.username} removed your admin role`;
    await this.live.sendToUser(target.username, { type: 'notice', text });
    return { ...target, role };
  }

  /** A notice to every logged-in connection, e.g. an announcement from the admin API. */
  public async announce(actor: Actor, text: string): Promise<void> {
    this.assertAdmin(actor);
    await this.store.audit.add({
      actor: actor.username,
      action: 'announce' satisfies AuditAction,
      target: null,
      reason: null,
      details: { text },
    });
    await this.notice(text);
  }

  private async impose(
    kind: RestrictionKind,
    actor: Actor,
    username: string,
    input: ModerationInput,
  ): Promise<Restricted> {
    const target = await this.target(actor, username);
    const imposed = restriction(actor, input);
    await kind.save(this.store.users, target.username, imposed);
    if (kind.revokesTokens) await this.store.users.bumpTokenVersion(target.username);
    await this.audit(actor, kind.impose, target, imposed.reason, { until: untilIso(imposed) });
    const live = delivered(
      await kind.tellImposed(this.live, target.username, {
        by: actor.username,
        until: untilIso(imposed),
        ...(imposed.reason ? { reason: imposed.reason } : {}),
      }),
    );
    await this.notice(
      `${target.username} was ${kind.imposed} by ${actor.username}${untilText(imposed)}${reasonText(imposed.reason)}`,
    );
    return { user: target, restriction: imposed, live };
  }

  private async lift(kind: RestrictionKind, actor: Actor, username: string): Promise<Moderated> {
    const target = await this.target(actor, username);
    await kind.save(this.store.users, target.username, null);
    await this.audit(actor, kind.lift, target, null, {});
    const live = delivered(await kind.tellLifted(this.live, target.username));
    await this.notice(`${target.username} was ${kind.lifted} by ${actor.username}`);
    return { user: target, live };
  }

  private async target(actor: Actor, username: string): Promise<UserRecord> {
    this.assertAdmin(actor);
    const target = await this.store.users.findByName(username);
    if (!target) throw new ChatError('NO_SUCH_USER', `No such user: ${username}`);
    if (target.username.toLowerCase() === actor.username.toLowerCase()) {
      throw new ChatError('FORBIDDEN', 'An admin cannot act on itself');
    }
    return target;
  }

  private assertAdmin(actor: Actor): void {
    if (actor.role !== 'admin') throw new ChatError('FORBIDDEN', 'Only admins may do that');
  }

  private async audit(
    actor: Actor,
    action: AuditAction,
    target: UserRecord,
    reason: string | null,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.store.audit.add({ actor: actor.username, action, target: target.username, reason, details });
  }

  private async notice(text: string): Promise<void> {
    await this.live.broadcast({ type: 'notice', text });
  }
}

function restriction(actor: Actor, input: ModerationInput): Restriction {
  return {
    reason: input.reason ?? null,
    by: actor.username,
    at: new Date(),
    until: untilFromMinutes(input.minutes),
  };
}

function reasonText(reason: string | null): string {
  return reason ? `: ${reason}` : '';
}

function untilText(r: Restriction): string {
  return r.until ? ` until ${r.until.toISOString()}` : '';
}

/** A live effect's result: only an explicit `false` says it did not get through. */
function delivered(result: void | boolean): boolean {
  return result !== false;
}
