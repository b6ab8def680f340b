import type { Role } from '@chat/protocol';

/** Who is acting: the authenticated caller, as the edge and the admin API know it. */
export interface Actor {
  /** Canonical user name (as registered). */
  username: string;
  role: Role;
  /** The session the caller's token belongs to, when they came with one. */
  session?: string;
}
