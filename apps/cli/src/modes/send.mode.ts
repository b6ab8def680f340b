import { formatError } from '../chat/message.format';
import { CliOptions, serverOptions } from '../cli.options';
import { authenticate } from '../session/authenticate';
import { ChatSession } from '../session/chat.session';

/** Reads all of standard input as text (for `--send -`), without its final newline. */
export async function readStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * `--send`: logs in, sends one message, prints the ok reply and exits 0; on any error prints
 * `error CODE: message` to stderr and exits 1.
 */
export async function runSend(
  options: CliOptions,
  askPassword?: (user: string) => Promise<string>,
): Promise<number> {
  const session = new ChatSession({ ...serverOptions(options), reconnect: false });
  try {
    const text = options.text === '-' ? await readStdin() : options.text!;
    await session.connect();
    await authenticate(session, options, askPassword);
    const ok = await session.request('send', { to: options.to, text });
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ type: 'ok', ...ok })}\n`
        : `ok seq=${ok.seq} msgId=${ok.msgId} ts=${ok.ts}\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`${formatError(err)}\n`);
    return 1;
  } finally {
    await session.quit();
  }
}
