import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { JwtService } from '@nestjs/jwt';

import {
  AccountService,
  AppConfig,
  AuthService,
  FilesService,
  loadConfig,
  MediaService,
  MessagesService,
  PresenceService,
  RoomsService,
} from '@chat/core';
import { BlobStore, openSqliteStore, Store } from '@chat/data';

import { LocalLiveGateway } from '../live/local-live.gateway';
import { MuteExpiry } from '../live/mute-expiry';
import { ConnectionRegistry, presenceListener } from '../registry/connection-registry';
import { Connection } from '../transport/connection';

/**
 * The edge's parts as EdgeModule wires them, without Nest and without sockets: a real SQLite store
 * in a temporary directory, the real core services, and the live side over a real registry.
 */
export class LiveEdge {
  public readonly registry = new ConnectionRegistry<Connection>();
  public readonly mutes = new MuteExpiry(this.registry);
  public readonly live = new LocalLiveGateway(this.registry, this.mutes);
  public readonly presence = new PresenceService(this.live);
  public readonly auth: AuthService;
  public readonly account: AccountService;
  public readonly messages: MessagesService;
  public readonly rooms: RoomsService;

  private constructor(
    public readonly dataDir: string,
    public readonly config: AppConfig,
    public readonly store: Store,
    files: FilesService,
  ) {
    this.auth = new AuthService(store, config, new JwtService({ secret: config.jwtSecret }));
    this.account = new AccountService(store, this.live, this.auth);
    this.rooms = new RoomsService(store, this.live);
    this.messages = new MessagesService(store, this.live, config, files, this.rooms);
    this.registry.subscribe(this.mutes);
    // Presence goes out at the next turn, not a window later: these tests look at what follows.
    this.presence.windowMs = 0;
    this.registry.subscribe(presenceListener(this.presence));
  }

  public static async open(): Promise<LiveEdge> {
    const dataDir = mkdtempSync(join(tmpdir(), 'live-edge-'));
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(32) });
    const store = await openSqliteStore(dataDir);
    const files = new FilesService(store, config, await BlobStore.open(dataDir), new MediaService(config));
    return new LiveEdge(dataDir, config, store, files);
  }

  public async close(): Promise<void> {
    await this.store.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
