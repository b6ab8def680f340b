/** Epoch milliseconds for a nullable date column. */
export function toMillis(date: Date | null): number | null {
  return date === null ? null : date.getTime();
}

export function fromMillis(millis: number | null): Date | null {
  return millis === null ? null : new Date(millis);
}

/** better-sqlite3 reports constraint failures as a SqliteError with an extended result code. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
