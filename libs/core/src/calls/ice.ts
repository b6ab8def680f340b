import { createHmac } from 'node:crypto';

import type { IceServer } from '@chat/protocol';

import type { CallsConfig } from '../config/app-config';

/**
 * The ICE servers one user gets for a call: `ICE_SERVERS` as configured and, with `TURN_SECRET`
 * and `TURN_URLS`, TURN credentials that expire, in the TURN REST scheme that coturn checks with
 * `use-auth-secret` / `static-auth-secret`: the user name is `<expiry unix seconds>:<user>`, the
 * password base64(HMAC-SHA1(secret, user name)). No secret ever reaches a browser.
 */
export function iceServersFor(config: CallsConfig, username: string, now = Date.now()): IceServer[] {
  const servers = config.iceServers.map((s) => ({ ...s }));
  if (config.turn) {
    const expiry = Math.floor(now / 1000) + config.turn.ttlSec;
    const user = `${expiry}:${username}`;
    const credential = createHmac('sha1', config.turn.secret).update(user).digest('base64');
    servers.push({ urls: [...config.turn.urls], username: user, credential });
  }
  return servers;
}
