import { Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG, AppConfig, MediaService } from '@chat/core';
import { OkReplies, PROTOCOL_VERSION } from '@chat/protocol';

/** What every edge offers (calls: §11); `media` joins them when this one found ffmpeg (protocol.md §10). */
export const FEATURES = [
  'files',
  'history',
  'presence',
  'moderation',
  'since',
  'token-login',
  'calls',
  'rooms',
  'read',
  'edits',
  'reactions',
  'replies',
  'typing',
  'receipts',
  'search',
];

/**
 * The server's `hello`, one place for both the greeting a connection gets on opening and the
 * reply to a `hello` frame: name, protocol, features and limits as configured and as found at
 * start-up.
 */
@Injectable()
export class ServerHello {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly media: MediaService,
  ) {}

  public fields(): OkReplies['hello'] {
    return {
      server: this.config.serverName,
      protocol: PROTOCOL_VERSION,
      features: this.media.available ? [...FEATURES, 'media'] : FEATURES,
      limits: { ...this.config.limits, ...this.media.limits() },
    };
  }
}
