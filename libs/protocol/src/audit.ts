/**
 * What the audit log records, by name: each moderation action ModerationService and RoomsService write. The admin
 * API validates its `action` filter against this list and the web client offers it.
 */
export const AUDIT_ACTIONS = [
  'ban',
  'unban',
  'mute',
  'unmute',
  'kick',
  'role',
  'announce',
  // Every token of the user voided and their sessions ended (POST /api/admin/users/{username}/revoke-tokens).
  'revoke-tokens',
  // Account care: a password an admin set (POST /api/admin/users/{username}/password) and an
  // account deleted (DELETE /api/admin/users/{username}); both end the user's sessions.
  'password-reset',
  'account-delete',
  // Room moderation (§12), written by RoomsService; `details.room` names the room.
  'room.kick',
  'room.ban',
  'room.unban',
  'room.delete',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
