#!/usr/bin/env node
import { Command } from 'commander';

import { backupSummary, failureText, restoreSummary, runBackup, runRestore } from './ops.commands';

/**
 * The operator's data commands, run beside the system on its DATA_DIR: `npm run backup -- <file>`
 * (while it runs) and `npm run restore -- <file>` (while it is stopped). Exit code 1 on failure,
 * with a message that says what to do.
 */
async function main(argv: string[]): Promise<void> {
  const program = new Command('ops')
    .description('Back up and restore the data directory (DATA_DIR) of the SQLite store')
    .showHelpAfterError();
  program
    .command('backup')
    .description('write a consistent backup while the system runs: the store, the files, the JWT secret')
    .argument('<file>', 'the archive to write, *.tar.gz (mode 0600: it holds secrets)')
    .action(async (file: string) => console.log(backupSummary(await runBackup(file))));
  program
    .command('restore')
    .description('replace the data with a backup; the system must be stopped')
    .argument('<file>', 'an archive written by backup')
    .action(async (file: string) => console.log(restoreSummary(file, await runRestore(file))));
  await program.parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  console.error(failureText(err));
  process.exitCode = 1;
});
