import mongoose, { Connection, Model } from 'mongoose';

import type { Store } from '../repositories';
import {
  AuditDoc,
  CounterDoc,
  FileDoc,
  MessageDoc,
  MODEL_NAMES,
  MONGO_FEATURES,
  MusicTrackDoc,
  ReadMarkDoc,
  RoomBanDoc,
  RoomDoc,
  RoomInviteDoc,
  RoomMemberDoc,
  ScoreDoc,
  SessionDoc,
  SnapshotDoc,
  UserDoc,
} from './mongo.schemas';
import { MongoAuditRepository } from './mongo-audit.repository';
import { MongoFilesRepository } from './mongo-files.repository';
import { MongoMessagesRepository } from './mongo-messages.repository';
import { MongoMusicRepository } from './mongo-music.repository';
import { MongoReadMarksRepository } from './mongo-read-marks.repository';
import { MongoRoomsRepository } from './mongo-rooms.repository';
import { MongoScoresRepository } from './mongo-scores.repository';
import { MongoSessionsRepository } from './mongo-sessions.repository';
import { MongoSnapshotsRepository } from './mongo-snapshots.repository';
import { MongoUsersRepository } from './mongo-users.repository';

export interface MongoModels {
  users: Model<UserDoc>;
  messages: Model<MessageDoc>;
  counters: Model<CounterDoc>;
  scores: Model<ScoreDoc>;
  files: Model<FileDoc>;
  music: Model<MusicTrackDoc>;
  audit: Model<AuditDoc>;
  snapshots: Model<SnapshotDoc>;
  rooms: Model<RoomDoc>;
  roomMembers: Model<RoomMemberDoc>;
  roomInvites: Model<RoomInviteDoc>;
  roomBans: Model<RoomBanDoc>;
  reads: Model<ReadMarkDoc>;
  sessions: Model<SessionDoc>;
}

export interface MongoStoreOptions {
  /** Overrides the database named in the URI (tests use a fresh one per run). */
  dbName?: string;
  /** How long to wait for a server before giving up at start. */
  serverSelectionTimeoutMs?: number;
}

/** The store for deployments beyond one machine: MongoDB through mongoose. */
export class MongoStore implements Store {
  public readonly kind = 'mongodb' as const;
  public readonly scores: MongoScoresRepository;
  public readonly users: MongoUsersRepository;
  public readonly messages: MongoMessagesRepository;
  public readonly music: MongoMusicRepository;
  public readonly files: MongoFilesRepository;
  public readonly audit: MongoAuditRepository;
  public readonly snapshots: MongoSnapshotsRepository;
  public readonly rooms: MongoRoomsRepository;
  public readonly reads: MongoReadMarksRepository;
  public readonly sessions: MongoSessionsRepository;
  private closed = false;

  /**
   * @param ownsConnection whether close() closes the connection too; not when Nest's
   *   MongooseModule made it, since that module closes it itself.
   */
  private constructor(
    public readonly connection: Connection,
    private readonly models: MongoModels,
    private readonly ownsConnection: boolean,
  ) {
    this.users = new MongoUsersRepository(models.users);
    this.scores = new MongoScoresRepository(models.scores);
    this.music = new MongoMusicRepository(models.music);
    this.messages = new MongoMessagesRepository(
      models.messages,
      models.counters,
      models.rooms,
      models.roomMembers,
    );
    this.files = new MongoFilesRepository(models.files);
    this.audit = new MongoAuditRepository(models.audit);
    this.snapshots = new MongoSnapshotsRepository(models.snapshots);
    this.rooms = new MongoRoomsRepository(models);
    this.reads = new MongoReadMarksRepository(models.reads, models.messages);
    this.sessions = new MongoSessionsRepository(models.sessions);
  }

  /**
   * A store on models already registered (by `MongooseModule.forFeature`, or by `modelsOf`).
   * Waits for the indexes: until the unique index on user names exists, two registrations of
   * the same name could both succeed.
   */
  public static async create(
    connection: Connection,
    models: MongoModels,
    ownsConnection = false,
  ): Promise<MongoStore> {
    const store = new MongoStore(connection, models, ownsConnection);
    await Promise.all(Object.values(models).map((model: Model<unknown>) => model.createIndexes()));
    await store.messages.init();
    await store.users.init();
    return store;
  }

  public async ping(): Promise<boolean> {
    const db = this.connection.db;
    if (this.closed || !db) return false;
    try {
      await db.admin().ping();
      return true;
    } catch {
      return false;
    }
  }

  /** MongoDB checks its own data; what a health check can tell here is whether it answers. */
  public async verify(): Promise<string | null> {
    return (await this.ping()) ? null : 'MongoDB does not answer';
  }

  /** Lets appends in flight finish, then closes the connection if this store opened it. */
  public async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.messages.idle();
    if (this.ownsConnection) await this.connection.close();
  }

  /** The models, for scripts that need more than the repositories (migrations, reports). */
  public get model(): Readonly<MongoModels> {
    return this.models;
  }
}

/** Registers the store's models on a connection (the same schemas `MongooseModule.forFeature` gets). */
export function modelsOf(connection: Connection): MongoModels {
  const model = <T>(name: string): Model<T> => {
    const feature = MONGO_FEATURES.find((f) => f.name === name)!;
    return (
      (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, feature.schema as never)
    );
  };
  return {
    scores: model<ScoreDoc>(MODEL_NAMES.scores),
    users: model<UserDoc>(MODEL_NAMES.users),
    music: model<MusicTrackDoc>(MODEL_NAMES.music),
    messages: model<MessageDoc>(MODEL_NAMES.messages),
    counters: model<CounterDoc>(MODEL_NAMES.counters),
    files: model<FileDoc>(MODEL_NAMES.files),
    audit: model<AuditDoc>(MODEL_NAMES.audit),
    snapshots: model<SnapshotDoc>(MODEL_NAMES.snapshots),
    rooms: model<RoomDoc>(MODEL_NAMES.rooms),
    roomMembers: model<RoomMemberDoc>(MODEL_NAMES.roomMembers),
    roomInvites: model<RoomInviteDoc>(MODEL_NAMES.roomInvites),
    roomBans: model<RoomBanDoc>(MODEL_NAMES.roomBans),
    reads: model<ReadMarkDoc>(MODEL_NAMES.reads),
    sessions: model<SessionDoc>(MODEL_NAMES.sessions),
  };
}

/** Connects to `uri` and opens the store on its own connection; for tests and scripts. */
export async function openMongoStore(uri: string, options: MongoStoreOptions = {}): Promise<MongoStore> {
  const connection = await mongoose
    .createConnection(uri, {
      dbName: options.dbName,
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10_000,
    })
    .asPromise();
  try {
    return await MongoStore.create(connection, modelsOf(connection), true);
  } catch (err) {
    await connection.close();
    throw err;
  }
}
