import { ROOM_EVENT_TYPES } from '@chat/protocol';

import {
  formatBanned,
  formatError,
  formatGap,
  formatKicked,
  formatMessage,
  formatMuted,
  formatNotice,
  formatRoomEvent,
  formatUnmuted,
} from '../chat/message.format';
import { CliOptions, serverOptions } from '../cli.options';
import { authenticate } from '../session/authenticate';
import { ChatSession } from '../session/chat.session';

/**
 * `--listen`: logs in and prints every incoming message on stdout, one per line (JSON with
 * --json), reconnecting when the connection drops, until interrupted (exit 0) or kicked/banned
 * (exit 1). Everything else goes to stderr, so that stdout holds messages only; "listening as
 * NAME" on stderr tells a script that the login is done.
 */
export async function runListen(
  options: CliOptions,
  askPassword?: (user: string) => Promise<string>,
): Promise<number> {
  const session = new ChatSession(serverOptions(options));
  const note = (text: string): boolean => process.stderr.write(`${text}\n`);
  const ended = new Promise<number>((resolve) =>
    session.once('ended', (reason, error) => {
      if (reason === 'login-failed') note(`could not log in again: ${formatError(error)}`);
      else if (reason === 'closed') note('the server closed the connection');
      resolve(reason === 'quit' ? 0 : 1);
    }),
  );
  session.on('message', (m) =>
    process.stdout.write(
      `${options.json ? JSON.stringify(m) : formatMessage(m, session.user || (options.user ?? ''))}\n`,
    ),
  );
  session.on('notice', (n) => note(formatNotice(n)));
  session.on('gap', (g) => note(formatGap(g)));
  session.on('muted', (m) => note(formatMuted(m)));
  session.on('unmuted', () => note(formatUnmuted()));
  session.on('kicked', (k) => note(formatKicked(k)));
  session.on('banned', (b) => note(formatBanned(b)));
  for (const type of ROOM_EVENT_TYPES) session.on(type, (e) => note(formatRoomEvent(e, session.user)));
  session.on('disconnected', (delay) =>
    note(`connection lost; reconnecting in ${(delay / 1000).toFixed(1)} s`),
  );
  session.on('reconnect-failed', (err, delay) =>
    note(`still offline (${formatError(err)}); next try in ${(delay / 1000).toFixed(1)} s`),
  );
  session.on('reconnected', () => note('reconnected'));
  // Listening before the login: with --since the server replays right after its reply, in the
  // same read, before an await after authenticate() would resume.
  try {
    await session.connect();
    await authenticate(session, options, askPassword);
  } catch (err) {
    note(formatError(err));
    await session.quit();
    return 1;
  }
  const stop = (): void => void session.quit();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A closed pipe (`| head`) ends the listener instead of crashing it.
  process.stdout.on('error', stop);
  note(`listening as ${session.user} on ${options.host}:${options.port}`);
  try {
    return await ended;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
