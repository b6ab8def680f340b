import { setPriority } from 'node:os';

import { ConfigError, JWT_SECRET_FILE, loadDataConfig } from '@chat/core';
import { backupDataDir, BackupError, BackupResult, restoreDataDir, RestoreResult } from '@chat/data';
import { PRODUCT_NAME } from '@chat/protocol';

import { packageVersion } from './package-info';

/** The backup's priority, as `nice -n 10`: below the edge's and the api's. */
const BACKUP_NICENESS = 10;

/** `npm run backup -- <file>`: the SQLite store, the files and the JWT secret into one archive. */
export async function runBackup(file: string, env: NodeJS.ProcessEnv = process.env): Promise<BackupResult> {
  const config = sqliteOnly(loadDataConfig(env), 'backup', 'mongodump');
  // The system runs meanwhile: hashing and gzip take the CPU only when it leaves some.
  setPriority(BACKUP_NICENESS);
  return backupDataDir({
    dataDir: config.dataDir,
    target: file,
    product: PRODUCT_NAME,
    version: packageVersion(),
    secretFile: JWT_SECRET_FILE,
  });
}

/** `npm run restore -- <file>`: with the system stopped, the archive's data in place of the current. */
export async function runRestore(file: string, env: NodeJS.ProcessEnv = process.env): Promise<RestoreResult> {
  const config = sqliteOnly(loadDataConfig(env), 'restore', 'mongorestore');
  return restoreDataDir({
    dataDir: config.dataDir,
    archive: file,
    product: PRODUCT_NAME,
    secretFile: JWT_SECRET_FILE,
  });
}

/**
 * MongoDB keeps its data itself, consistently only by its own tools; half a backup (the files
 * without the messages) would look like a whole one, so none is made.
 */
function sqliteOnly<T extends { mongodbUri?: string }>(config: T, command: string, tool: string): T {
  if (config.mongodbUri) {
    throw new BackupError(
      'UNSUPPORTED_STORE',
      `${command} supports the SQLite store; MONGODB_URI is set: use ${tool} for MongoDB, and copy DATA_DIR/files (the file bytes) beside it`,
    );
  }
  return config;
}

/** The message to print for an error: ours are meant for the operator as they are; others keep their stack. */
export function failureText(err: unknown): string {
  if (err instanceof BackupError || err instanceof ConfigError) return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

export function backupSummary(result: BackupResult): string {
  const { manifest } = result;
  const secret = manifest.files.some((f) => f.path === JWT_SECRET_FILE) ? '; the JWT secret included' : '';
  const lines = [
    `Backed up to ${result.file} (${megabytes(result.bytes)}) in ${seconds(result.totalMs)} ` +
      `(the database copy ${seconds(result.copyMs)}): schema ${manifest.schemaVersion}, ${counts(manifest)}${secret}.`,
  ];
  if (result.missingBlobs.length > 0) {
    lines.push(
      `Warning: ${result.missingBlobs.length} file(s) the store names are not in DATA_DIR/files ` +
        `(deleted during the backup, or missing before it): ${result.missingBlobs.slice(0, 3).join(', ')}`,
    );
  }
  return lines.join('\n');
}

export function restoreSummary(file: string, result: RestoreResult): string {
  const { manifest } = result;
  return [
    `Restored ${file} (taken ${manifest.createdAt} by ${manifest.product} ${manifest.version}, schema ${manifest.schemaVersion}): ${counts(manifest)}.`,
    result.movedAside
      ? `The data that was there is in ${result.movedAside}: delete it once the restored system is as it should be.`
      : 'There was no data there before.',
    'Start the system (npm start); an older schema is upgraded as it starts.',
  ].join('\n');
}

function counts(manifest: BackupResult['manifest']): string {
  const c = manifest.counts;
  return `${c.users} users, ${c.messages} messages, ${c.files} files, ${c.rooms} rooms`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
