import { OkReplies } from '@chat/protocol';

import { CliOptions } from '../cli.options';
import { ChatSession } from './chat.session';

/**
 * Logs in with what the command line gave: the token, or the user and password (registering first
 * with --register). `askPassword` is asked when a user came without a password (a terminal only).
 */
export async function authenticate(
  session: ChatSession,
  options: Pick<CliOptions, 'user' | 'password' | 'token' | 'register' | 'since'>,
  askPassword?: (user: string) => Promise<string>,
): Promise<OkReplies['login']> {
  if (options.token !== undefined) return session.login({ token: options.token }, options.since);
  const user = options.user;
  if (user === undefined) throw new Error('no user name: use --user or --token');
  const password = options.password ?? (askPassword ? await askPassword(user) : undefined);
  if (password === undefined) throw new Error('no password: use --password, CHAT_PASSWORD or --token');
  if (options.register) await session.register(user, password);
  return session.login({ user, password }, options.since);
}
