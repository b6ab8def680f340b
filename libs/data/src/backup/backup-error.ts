/** Why a backup or a restore stopped; `code` is stable (scripts may test it), the message is for people. */
export type BackupErrorCode =
  | 'BAD_PATH'
  | 'NO_STORE'
  | 'UNSUPPORTED_STORE'
  | 'STORE_IN_USE'
  | 'DAMAGED_STORE'
  | 'BAD_ARCHIVE'
  | 'CHECKSUM_MISMATCH'
  | 'NEWER_SCHEMA'
  /** The old data was moved aside but the restored data could not all be put in place (a full disk). */
  | 'INCOMPLETE_RESTORE';

/**
 * A backup or restore that cannot go on: a bad path, no store, a running system, a damaged or
 * foreign archive. The command prints its message (no stack trace: it names the file and what to do)
 * and exits 1; nothing half-done is left behind.
 */
export class BackupError extends Error {
  public override readonly name = 'BackupError';

  constructor(
    public readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
  }
}
