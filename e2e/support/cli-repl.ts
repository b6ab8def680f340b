import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { ROOT } from './service-process';

export const CLI = join(ROOT, 'dist/apps/cli/src/main.js');

/** The interactive client, kept open: what it printed so far, a way to type a line, and to stop it. */
export function openRepl(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stdout += c.toString()));
  return {
    printed: () => stdout,
    type: (line: string) => child.stdin.write(`${line}\n`),
    stop: () =>
      new Promise<void>((resolve) =>
        child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.stdin.end()),
      ),
  };
}
