/**
 * Log-in storm: N users whose clients all come back at once with a token (as after an edge
 * restart), while W of them are already online and watching.
 *
 *   npm run bench:storm -- --clients 1000,2000,5000
 *
 * For each N, the users are written straight into a fresh store (no password hashing), the built
 * edge is started on it, and N TCP clients log in with a token each, 500 in flight. Printed: the
 * time until every log-in was answered, and the presence events (`presence` and `presence.many`)
 * the clients received in all (the frames after each log-in reply): N per arrival for every connection would be N² without coalescing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { Command } from 'commander';
import { sign } from 'jsonwebtoken';

import { SqliteStore } from '@chat/data';

import { startEdge } from './edge';
import { openReceiver, Receiver, sleep } from './load';

const SECRET = 'bench-secret-bench-secret-bench-secret';
const IN_FLIGHT = 500;

async function storm(n: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-storm-'));
  const store = SqliteStore.open(dataDir);
  for (let i = 0; i < n; i++)
    await store.users.create({ username: `u${i}`, passwordHash: 'x', role: 'user' });
  await store.close();
  const { child, port } = await startEdge({
    DATA_DIR: dataDir,
    JWT_SECRET: SECRET,
    LOGIN_RATE_PER_ADDRESS: '0',
    REGISTER_RATE_PER_ADDRESS: '0',
  });
  const now = Math.floor(Date.now() / 1000);
  const tokens = Array.from({ length: n }, (_, i) =>
    sign({ sub: `u${i}`, role: 'user', tv: 0, auth_time: now, exp: now + 3600 }, SECRET),
  );
  const clients: Receiver[] = [];
  const started = performance.now();
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < n) {
      const token = tokens[next++];
      clients.push(await openReceiver(port, token, false));
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, n) }, one));
  const loggedIn = performance.now() - started;
  await sleep(1_000);
  // Nothing else flows here: the frames after each log-in reply are presence events.
  const events = clients.reduce((sum, c) => sum + c.count, 0);
  console.log(
    `${n} token log-ins: all answered in ${(loggedIn / 1000).toFixed(2)} s; ` +
      `presence events received in all: ${events} (${(events / n).toFixed(1)} per client)`,
  );
  for (const c of clients) c.socket.destroy();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

async function main(): Promise<void> {
  const options = new Command()
    .option('--clients <list>', 'comma-separated client counts', '1000,2000,5000')
    .parse()
    .opts<{ clients: string }>();
  for (const n of options.clients.split(',').map(Number)) await storm(n);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
