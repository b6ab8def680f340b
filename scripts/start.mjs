#!/usr/bin/env node
// `npm start`: runs every service of the system on the embedded store, in one terminal, with
// one log, and stops them all together on Ctrl-C / SIGTERM.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const services = [
  { name: 'edge', entry: 'dist/apps/edge/src/main.js' },
  { name: 'api', entry: 'dist/apps/api/src/main.js' },
];

const children = services.map(({ name, entry }) => {
  const child = spawn(process.execPath, [join(root, entry)], {
    cwd: root,
    env: process.env,
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping everything`);
      stop(code ?? 1);
    }
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  stopping = true;
  let left = children.filter((c) => c.exitCode === null && c.signalCode === null).length;
  if (left === 0) process.exit(code);
  for (const child of children) {
    child.once('exit', () => --left === 0 && process.exit(code));
    child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(code), 10_000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
