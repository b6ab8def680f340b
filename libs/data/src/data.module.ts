import { DynamicModule, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { getConnectionToken, getModelToken, MongooseModule } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';

import { BlobStore } from './blobs';
import { MODEL_NAMES, MONGO_FEATURES } from './mongo/mongo.schemas';
import { MongoModels, MongoStore } from './mongo/mongo.store';
import type { Store } from './repositories';
import { openSqliteStore, SqliteDurability, SqliteStore } from './sqlite/sqlite.store';
import { StoreCallObserver, timedStore } from './timed-store';

/** Injection token of the `Store`: `@Inject(STORE) private readonly store: Store`. */
export const STORE = Symbol('STORE');
/** The store as opened, before `observe` wraps it. */
const OPENED_STORE = Symbol('OPENED_STORE');

export interface DataModuleOptions {
  /** Holds `chat.db` (SQLite) and `files/` (file bytes, whichever the store). */
  dataDir: string;
  /** When set, MongoDB holds everything but file bytes. */
  mongodbUri?: string;
  sqliteDurability?: SqliteDurability;
  /** When set, every store call's duration goes here (`timedStore`); the services see the same `Store`. */
  observe?: StoreCallObserver;
}

/** The store the configuration selects, and the file blobs; global, so every module can inject them. */
@Module({})
export class DataModule implements OnApplicationShutdown {
  constructor(
    @Inject(STORE) private readonly store: Store,
    private readonly blobs: BlobStore,
  ) {}

  public static forRoot(options: DataModuleOptions): DynamicModule {
    const blobs: Provider = { provide: BlobStore, useFactory: () => BlobStore.open(options.dataDir) };
    const mongo = options.mongodbUri ? mongoImports(options.mongodbUri) : [];
    return {
      module: DataModule,
      global: true,
      imports: mongo,
      providers: [
        {
          provide: STORE,
          inject: [OPENED_STORE],
          useFactory: (store: Store) => (options.observe ? timedStore(store, options.observe) : store),
        },
        options.mongodbUri ? mongoStoreProvider() : sqliteStoreProvider(options),
        blobs,
      ],
      exports: [STORE, BlobStore],
    };
  }

  /**
   * The store (and the blobs' temp folder) close when the application does. A global module shuts down after the modules
   * that use it, so their own shutdown hooks can still write (e.g. last-seen times).
   */
  public async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.blobs.close();
  }
}

/**
 * Checks the store's file before the application is built (start-up): a damaged or unreadable
 * chat.db is a StoreFileError whose message says what to do, instead of a stack trace from deep
 * inside the dependency injector. MongoDB checks its own data.
 */
export async function checkStore(options: DataModuleOptions): Promise<void> {
  if (options.mongodbUri) return;
  const store = SqliteStore.open(options.dataDir, { durability: options.sqliteDurability, verify: true });
  await store.close();
}

function sqliteStoreProvider(options: DataModuleOptions): Provider {
  return {
    provide: OPENED_STORE,
    useFactory: () => openSqliteStore(options.dataDir, { durability: options.sqliteDurability }),
  };
}

function mongoImports(uri: string): DynamicModule[] {
  return [MongooseModule.forRoot(uri), MongooseModule.forFeature(MONGO_FEATURES)];
}

function mongoStoreProvider(): Provider {
  const names = Object.values(MODEL_NAMES);
  return {
    provide: OPENED_STORE,
    inject: [getConnectionToken(), ...names.map((name) => getModelToken(name))],
    useFactory: (connection: Connection, ...models: Model<never>[]) => {
      const byName = Object.fromEntries(
        Object.keys(MODEL_NAMES).map((key, i) => [key, models[i]]),
      ) as unknown as MongoModels;
      return MongoStore.create(connection, byName);
    },
  };
}
