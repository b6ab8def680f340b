/**
 * The store's file cannot be used: damaged, not a database, of a newer schema, or not readable by
 * this user. Its message names the file and what to do, for an operator to read at start-up; a
 * stack trace would not help them.
 */
export class StoreFileError extends Error {
  public override readonly name = 'StoreFileError';
}
