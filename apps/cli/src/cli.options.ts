import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { Command, InvalidArgumentError, Option } from 'commander';

import {
  ClientOptions,
  DEFAULT_HOST,
  DEFAULT_PORT,
  PRODUCT_NAME,
  Recipient,
  TlsClientOptions,
} from '@chat/protocol';

import { parseRecipient } from './commands/command.parse';

export type CliMode = 'interactive' | 'send' | 'listen';

export interface CliOptions {
  mode: CliMode;
  host: string;
  port: number;
  /** --tls: connect over TLS, the server's certificate verified; with --ca, its PEM trusted too. */
  tls?: TlsClientOptions;
  user?: string;
  /** From --password, else the CHAT_PASSWORD environment variable. */
  password?: string;
  register: boolean;
  token?: string;
  /** The text of --send (`-` reads it from standard input). */
  text?: string;
  to: Recipient;
  /** --listen: ask for messages after this seq first. */
  since?: number;
  json: boolean;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new InvalidArgumentError('expected a port, 1 to 65535');
  return port;
}

function parseSeq(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a message seq (a whole number)');
  return Number(value);
}

function parseTo(value: string): Recipient {
  const to = parseRecipient(value);
  if (to === undefined)
    throw new InvalidArgumentError('expected *, a user name, names separated by commas, or a #room');
  return to;
}

/** The --ca file's text, checked to hold a PEM certificate: a wrong file is told now, not as a refused handshake. */
function readCa(file: string, program: Command): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    return program.error(
      `error: --ca: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  try {
    new X509Certificate(pem);
  } catch {
    program.error(`error: --ca: ${file} is not a PEM certificate`);
  }
  return pem;
}

/** What the client core is given to reach the server. */
export function serverOptions(options: Pick<CliOptions, 'host' | 'port' | 'tls'>): ClientOptions {
  return { host: options.host, port: options.port, ...(options.tls ? { tls: options.tls } : {}) };
}

/** The CLI's commander program (no action attached). */
export function createProgram(): Command {
  return new Command('chat')
    .description(`Terminal client of ${PRODUCT_NAME}: interactive by default, --send/--listen for scripts.`)
    .addOption(new Option('--host <host>', 'server address').default(DEFAULT_HOST))
    .addOption(new Option('--port <port>', 'server TCP port').default(DEFAULT_PORT).argParser(parsePort))
    .option('--tls', "connect over TLS (the server's certificate is verified)")
    .option('--ca <file>', "with --tls: also trust this CA certificate (PEM), for a server's own certificate")
    .option('-u, --user <name>', 'user name')
    .option('-p, --password <password>', 'password (or the CHAT_PASSWORD environment variable)')
    .option('--register', 'register the user first, then log in')
    .option('--token <jwt>', 'log in with a token instead of a password')
    .option('--send <text>', 'send one message and exit ("-": read the text from standard input)')
    .addOption(
      new Option('--to <to>', 'with --send: *, a user, a,b,c or a #room').default('*').argParser(parseTo),
    )
    .option('--listen', 'print every incoming message, one per line, until interrupted')
    .addOption(
      new Option('--since <seq>', 'with --listen: first replay messages after this seq').argParser(parseSeq),
    )
    .option('--json', 'print JSON (one object per line) instead of text')
    .showHelpAfterError('(--help shows the options)')
    .allowExcessArguments(false);
}

interface RawOptions {
  host: string;
  port: number;
  tls?: boolean;
  ca?: string;
  user?: string;
  password?: string;
  register?: boolean;
  token?: string;
  send?: string;
  to: Recipient;
  listen?: boolean;
  since?: number;
  json?: boolean;
}

/**
 * Parses the command line (`args` without node and script) and checks options that only make
 * sense together; errors go through commander (message and exit code 1, or a thrown
 * CommanderError when the program has exitOverride()).
 */
export function parseCliOptions(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  program: Command = createProgram(),
): CliOptions {
  program.parse(args, { from: 'user' });
  const raw = program.opts<RawOptions>();
  const toGiven = program.getOptionValueSource('to') === 'cli';
  if (raw.send !== undefined && raw.listen) program.error('error: --send and --listen exclude each other');
  if (toGiven && raw.send === undefined) program.error('error: --to goes with --send');
  if (raw.since !== undefined && !raw.listen) program.error('error: --since goes with --listen');
  const mode: CliMode = raw.send !== undefined ? 'send' : raw.listen ? 'listen' : 'interactive';
  if (mode !== 'interactive' && raw.token === undefined && raw.user === undefined) {
    program.error(`error: --${mode} needs --user (with --password or CHAT_PASSWORD) or --token`);
  }
  if (raw.token !== undefined && raw.register)
    program.error('error: --register needs --user and a password, not --token');
  if (raw.ca !== undefined && !raw.tls) program.error('error: --ca goes with --tls');
  const password = raw.password ?? (env.CHAT_PASSWORD === '' ? undefined : env.CHAT_PASSWORD);
  return {
    mode,
    host: raw.host,
    port: raw.port,
    ...(raw.tls ? { tls: raw.ca === undefined ? {} : { ca: readCa(raw.ca, program) } } : {}),
    ...(raw.user === undefined ? {} : { user: raw.user }),
    ...(password === undefined ? {} : { password }),
    register: raw.register === true,
    ...(raw.token === undefined ? {} : { token: raw.token }),
    ...(raw.send === undefined ? {} : { text: raw.send }),
    to: raw.to,
    ...(raw.since === undefined ? {} : { since: raw.since }),
    json: raw.json === true,
  };
}
