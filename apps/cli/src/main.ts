#!/usr/bin/env node
import { formatError } from './chat/message.format';
import { parseCliOptions } from './cli.options';
import { runInteractive } from './modes/interactive.mode';
import { runListen } from './modes/listen.mode';
import { runSend } from './modes/send.mode';
import { terminalLoginIo } from './session/login.prompt';

/** The terminal client: `node dist/apps/cli/src/main.js --help`. */
async function main(): Promise<number> {
  const options = parseCliOptions(process.argv.slice(2));
  // Scripts may still be run from a terminal: then a missing password is asked for.
  const askPassword = process.stdin.isTTY
    ? (user: string) => terminalLoginIo().askPassword(`Password for ${user}`)
    : undefined;
  switch (options.mode) {
    case 'send':
      return runSend(options, askPassword);
    case 'listen':
      return runListen(options, askPassword);
    default:
      return runInteractive(options);
  }
}

main().then(
  (code) => exit(code),
  (err: unknown) => {
    process.stderr.write(`${formatError(err)}\n`);
    exit(1);
  },
);

/** Exits once stdout has taken everything written to it (readline may keep stdin open otherwise). */
function exit(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}
