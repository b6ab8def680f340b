export { backupDataDir } from './backup';
export type { BackupOptions, BackupResult } from './backup';
export { BackupError } from './backup-error';
export type { BackupErrorCode } from './backup-error';
export { MIGRATION_BACKUPS_DIR, MIGRATION_BACKUPS_KEPT } from './migration-backups';
export { BACKUP_FORMAT, MANIFEST_NAME } from './manifest';
export type { BackupManifest, ManifestEntry } from './manifest';
export { restoreDataDir } from './restore';
export type { RestoreOptions, RestoreResult } from './restore';
