#!/usr/bin/env node
// `npm start`: runs every service of the system on the embedded store, in one terminal, with one
// log, and stops them all together on Ctrl-C / SIGTERM. The services report over IPC
// (libs/core/src/startup/supervision.ts): once every one is listening they are told to provision
// (the admin account, the bundled music), so that a port in use creates nothing; once every one is
// ready, the closing summary is printed, last, where it cannot scroll away.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// The built library (CommonJS, from `npm run build`), with the summary's one formatting.
const { closingSummary } = require(join(root, 'dist/libs/core/src/startup/summary.js'));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const services = [
  { name: 'edge', entry: 'dist/apps/edge/src/main.js' },
  { name: 'api', entry: 'dist/apps/api/src/main.js' },
];
const listening = new Set();
const facts = new Map();
let up = false;
let stopping = false;

const children = services.map(({ name, entry }) => {
  const child = fork(join(root, entry), [], { cwd: root, env: process.env, stdio: 'inherit' });
  child.on('message', (report) => onReport(name, report));
  child.on('exit', (code, signal) => {
    if (stopping) return;
    // A start that fails has said why (its one line); the summary's silence says the rest.
    if (up) console.error(`${name} exited (${signal ?? code}); stopping everything`);
    stop(code || 1);
  });
  return { name, child };
});

function onReport(name, report) {
  if (report?.type === 'listening') {
    listening.add(name);
    if (listening.size === children.length) {
      for (const { child } of children) child.send({ type: 'provision' });
    }
  } else if (report?.type === 'ready') {
    facts.set(name, report.facts);
    if (facts.size === children.length && !up) {
      up = true;
      const reports = services.map((s) => facts.get(s.name));
      process.stdout.write(`${closingSummary({ version }, reports)}\n`);
    }
  }
}

function stop(code = 0) {
  stopping = true;
  const running = children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  let left = running.length;
  if (left === 0) process.exit(code);
  for (const { child } of running) {
    child.once('exit', () => --left === 0 && process.exit(code));
    child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(code), 10_000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
