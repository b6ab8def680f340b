import { Inject, Injectable, Logger } from '@nestjs/common';

import { BlobStore, FileRecord, MAX_PAGE_LIMIT, STORE, Store, UserRecord } from '@chat/data';
import { assertPassword, AuditAction, ChatError } from '@chat/protocol';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LIVE_GATEWAY, LiveGateway } from '../live/live-gateway';
import { kicked, SIGNED_OUT_REASONS } from './account.service';
import { Actor } from './actor';
import { hashPassword } from './password-hasher';

/** What deleting an account changed, as the audit log records it. */
export interface DeletedAccount {
  username: string;
  /** Messages (and changes to messages) now shown as sent by DELETED_USER. */
  messages: number;
  /** File records removed (those nobody else could see). */
  files: number;
}

/**
 * What admins do to other users' accounts: set a new password, delete the account. Both end every
 * session of the user and are written to the audit log.
 */
@Injectable()
export class AccountCareService {
  private readonly logger = new Logger(AccountCareService.name);

  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(LIVE_GATEWAY) private readonly live: LiveGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly blobs: BlobStore,
  ) {}

  /**
   * Sets `newPassword` for the user (WEAK_PASSWORD as at registration); every token of theirs stops
   * working and every connection gets `kicked`. An admin changes their own with POST /api/auth/password.
   */
  public async resetPassword(actor: Actor, username: string, newPassword: string): Promise<UserRecord> {
    const target = await this.target(
      actor,
      username,
      'Change your own password with POST /api/auth/password',
    );
    assertPassword(newPassword);
    // One write: the new hash and the bumped token version.
    await this.store.users.setPasswordHash(target.username, await hashPassword(newPassword));
    await this.store.sessions.removeAllOf(target.username);
    await this.audit(actor, 'password-reset', target, {});
    await this.live.disconnectUser(target.username, kicked(actor.username, SIGNED_OUT_REASONS.reset));
    return target;
  }

  /**
   * Deletes the account: the user can no longer log in and their sessions end; their messages show
   * as sent by DELETED_USER; their files go, but those a message carries (others received them), a
   * music track plays, or that belong to such a file (a thumbnail); they leave their rooms (rooms
   * they own stay, without them). The name stays reserved: visibility follows names (participants,
   * conversation keys), so a new account of that name would read the old one's private messages.
   * ACCOUNT_PROTECTED for the configured admin (ADMIN_USER, recreated at every start) and the last
   * admin; OWN_ACCOUNT for the caller's own.
   */
  public async deleteAccount(actor: Actor, username: string): Promise<DeletedAccount> {
    const target = await this.target(actor, username);
    await this.assertDeletable(target);
    // First, so that nothing of theirs is added while the rest is cleared.
    await this.store.users.markDeleted(target.username, new Date());
    await this.store.sessions.removeAllOf(target.username);
    await this.live.disconnectUser(target.username, kicked(actor.username, SIGNED_OUT_REASONS.deleted));
    await this.leaveRooms(target.username);
    const messages = await this.store.messages.eraseSender(target.username);
    const files = await this.removeFiles(target.username);
    await this.audit(actor, 'account-delete', target, { messages, files });
    return { username: target.username, messages, files };
  }

  private async target(actor: Actor, username: string, ownHint?: string): Promise<UserRecord> {
    if (actor.role !== 'admin') throw new ChatError('FORBIDDEN', 'Only admins may do that');
    const target = await this.store.users.findByName(username);
    if (!target) throw new ChatError('NO_SUCH_USER', `No such user: ${username}`);
    if (target.username.toLowerCase() === actor.username.toLowerCase()) {
      throw new ChatError('OWN_ACCOUNT', ownHint ? `Not on your own account. ${ownHint}` : undefined);
    }
    return target;
  }

  private async assertDeletable(target: UserRecord): Promise<void> {
    if (target.username.toLowerCase() === this.config.adminUser.toLowerCase()) {
      throw new ChatError(
        'ACCOUNT_PROTECTED',
        `"${target.username}" is the configured admin account (ADMIN_USER); it cannot be deleted`,
      );
    }
    if (target.role === 'admin' && (await this.store.users.countAdmins()) <= 1) {
      throw new ChatError(
        'ACCOUNT_PROTECTED',
        `"${target.username}" is the last admin; it cannot be deleted`,
      );
    }
  }

  private async leaveRooms(username: string): Promise<void> {
    for (const room of await this.store.rooms.roomsOf(username)) {
      await this.store.rooms.removeMember(room.id, username);
      await this.live.roomChanged({ room: room.name, left: [username] });
    }
  }

  /** Removes the user's snapshots and the files nobody else can see; answers how many files went. */
  private async removeFiles(username: string): Promise<number> {
    // A page at a time (lists are capped), each deleted before the next is read.
    for (;;) {
      const { items } = await this.store.snapshots.list(username, { limit: MAX_PAGE_LIMIT });
      if (items.length === 0) break;
      for (const snapshot of items) await this.store.snapshots.delete(username, snapshot.id);
    }
    const owned = await this.store.files.listOwnedBy(username);
    const kept = await this.seenByOthers(owned);
    const gone = owned.filter((file) => !kept.has(file.id)).map((file) => file.id);
    for (const sha256 of await this.store.files.remove(gone)) {
      await this.blobs.remove(sha256).catch((err: unknown) => {
        // The record is gone: the blob is only disk space now, and a retry cannot find it.
        this.logger.warn(`Could not remove the blob ${sha256}: ${String(err)}`);
      });
    }
    return gone.length;
  }

  /** The ids of the files others may read: carried by a message, played as music, or part of such a file. */
  private async seenByOthers(files: readonly FileRecord[]): Promise<Set<string>> {
    const kept = await this.store.messages.carriedFiles(files.map((file) => file.id));
    for (const file of files) {
      if (!kept.has(file.id) && (await this.store.music.hasFile(file.id))) kept.add(file.id);
    }
    for (const file of files) {
      if (file.parentId !== undefined && kept.has(file.parentId)) kept.add(file.id);
    }
    return kept;
  }

  private async audit(
    actor: Actor,
    action: AuditAction,
    target: UserRecord,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.store.audit.add({
      actor: actor.username,
      action,
      target: target.username,
      reason: null,
      details,
    });
  }
}
