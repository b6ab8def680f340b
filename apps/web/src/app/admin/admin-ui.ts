import { ChatError } from '@chat/protocol';

/** Rows per page of the admin lists. */
export const ADMIN_PAGE_SIZE = 25;

/** The server's reason, where it gave one (the api's error `message`), else `fallback`. */
export function reasonOf(err: unknown, fallback: string): string {
  return err instanceof ChatError ? err.message : fallback;
}
