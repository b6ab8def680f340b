import type { Restriction, UsersRepository } from '@chat/data';
import type { BannedFrame, MutedFrame } from '@chat/protocol';

import type { LiveGateway, LiveResult } from '../live/live-gateway';

/** The event a restricted user's connections get, without its type. */
export type RestrictionEvent = Omit<BannedFrame | MutedFrame, 'type'>;

/** What tells a ban from a mute; the rest of imposing and lifting them is one path. */
export interface RestrictionKind {
  /** Audit actions. */
  impose: 'ban' | 'mute';
  lift: 'unban' | 'unmute';
  /** Notice verbs. */
  imposed: string;
  lifted: string;
  save(users: UsersRepository, username: string, restriction: Restriction | null): Promise<void>;
  /** Imposing it voids the user's tokens, so that lifting it does not bring old sessions back. */
  revokesTokens: boolean;
  /** The live effect on the user's connections. */
  tellImposed(live: LiveGateway, username: string, event: RestrictionEvent): LiveResult;
  tellLifted(live: LiveGateway, username: string): LiveResult;
}

/** A banned user is put out at once; lifting a ban has no one to tell, they are all disconnected. */
export const BAN: RestrictionKind = {
  impose: 'ban',
  lift: 'unban',
  imposed: 'banned',
  lifted: 'unbanned',
  save: (users, username, ban) => users.setBan(username, ban),
  revokesTokens: true,
  tellImposed: (live, username, event) => live.disconnectUser(username, { type: 'banned', ...event }),
  tellLifted: () => undefined,
};

/** A muted user stays connected and is told when the mute starts and when it is lifted. */
export const MUTE: RestrictionKind = {
  impose: 'mute',
  lift: 'unmute',
  imposed: 'muted',
  lifted: 'unmuted',
  save: (users, username, mute) => users.setMute(username, mute),
  revokesTokens: false,
  tellImposed: (live, username, event) => live.sendToUser(username, { type: 'muted', ...event }),
  tellLifted: (live, username) => live.sendToUser(username, { type: 'unmuted' }),
};
