import { CertificateError, ChatError, OkReplies, PRODUCT_NAME, TlsError } from '@chat/protocol';

import { ChatRepl } from '../chat/chat.repl';
import { formatError } from '../chat/message.format';
import { Terminal } from '../chat/terminal';
import { CliOptions, serverOptions } from '../cli.options';
import { authenticate } from '../session/authenticate';
import { ChatSession } from '../session/chat.session';
import { LoginCancelled, promptLogin, terminalLoginIo } from '../session/login.prompt';

/**
 * The interactive client: logs in with the command line's credentials when complete, else asks
 * (log in or register, name, password), then runs the chat until /quit.
 */
export async function runInteractive(options: CliOptions): Promise<number> {
  const terminal = new Terminal();
  const session = new ChatSession(serverOptions(options));
  try {
    await session.connect();
  } catch (err) {
    // A refused certificate did reach the server; its message says what to do.
    const reached = err instanceof CertificateError || err instanceof TlsError;
    process.stderr.write(
      `${formatError(err)}${reached ? '' : `: cannot reach ${options.host}:${options.port}`}\n`,
    );
    return 1;
  }
  // The banner: which program this is, and which server it reached (its hello's name). Not with
  // --json, whose every line is a frame.
  if (!options.json) {
    process.stdout.write(
      `${PRODUCT_NAME} terminal client: connected to ${session.connection.hello.server} on ${options.host}:${options.port}${options.tls ? ' (TLS)' : ''}\n`,
    );
  }
  let login: OkReplies['login'] | undefined;
  // Until the REPL listens: what comes with the log-in reply waits for it.
  session.holdEvents();
  try {
    if (options.token !== undefined || (options.user !== undefined && options.password !== undefined)) {
      try {
        login = await authenticate(session, options);
      } catch (err) {
        if (!(err instanceof ChatError)) throw err;
        process.stdout.write(`${formatError(err)}\n`);
      }
    }
    if (!login) {
      if (!process.stdin.isTTY) {
        process.stderr.write(
          'error: no terminal to ask for credentials: use --user with --password or CHAT_PASSWORD, or --token\n',
        );
        await session.quit();
        return 1;
      }
      login = await promptLogin(session, terminalLoginIo(), {
        ...(options.user === undefined || options.token !== undefined || options.password !== undefined
          ? {}
          : { user: options.user }),
        register: options.register,
      });
    }
  } catch (err) {
    await session.quit();
    if (err instanceof LoginCancelled) return 130;
    process.stderr.write(`${formatError(err)}\n`);
    return 1;
  }
  return new ChatRepl(session, terminal, { json: options.json }).run(login);
}
