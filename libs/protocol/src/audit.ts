/**
 * What the audit log records, by name: each moderation action ModerationService writes. The admin
 * API validates its `action` filter against this list and the web client offers it.
 */
export const AUDIT_ACTIONS = ['ban', 'unban', 'mute', 'unmute', 'kick', 'role', 'announce'] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
