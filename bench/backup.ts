/**
 * Backup under load (issue 14):
 *
 *   npm run bench:backup -- --messages 100000 --files 40 --senders 8 --seconds 5
 *
 * Fills a store with `--messages` messages and `--files` blobs of 1 MiB, starts the edge on it,
 * and has `--senders` TCP clients send to everyone as fast as the edge acknowledges. It measures
 * the acknowledgement latency (send to the reply frame: the edge's stall, the store's lock waits
 * and the disk together) for `--seconds` without a backup, then while `npm run backup` runs as the
 * operator would run it (its own process), and prints the backup's time, the database copy's
 * (the one step of SQLite's online backup, in which the backup process does nothing else) and
 * the latencies side by side.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

import { Command } from 'commander';

import { BlobStore, conversationKey, openSqliteStore } from '@chat/data';
import { ChatClient } from '@chat/protocol';

import { startEdge } from './edge';
import { accounts, senderClient, sleep } from './load';

interface Options {
  messages: number;
  files: number;
  senders: number;
  seconds: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** The store as a while of use leaves it: messages to everyone, and files. */
async function fill(dataDir: string, options: Options): Promise<void> {
  const store = await openSqliteStore(dataDir);
  const blobs = await BlobStore.open(dataDir);
  for (let i = 0; i < options.messages; i++) {
    await store.messages.append({
      msgId: `fill-${i}`,
      ts: new Date(),
      from: 'filler',
      to: '*',
      kind: 'all',
      text: `message ${i} ${randomBytes(24).toString('base64')}`,
      file: null,
      participants: [],
      conversation: conversationKey('all', []),
    });
  }
  for (let i = 0; i < options.files; i++) await blobs.put(randomBytes(1024 * 1024));
  await blobs.close();
  await store.close();
}

/** Senders that record the latency of each acknowledgement and when it came. */
function sendLoad(clients: ChatClient[]): {
  samples: { at: number; ms: number }[];
  stop: () => Promise<void>;
} {
  const samples: { at: number; ms: number }[] = [];
  let stopped = false;
  const loops = clients.map(async (client, c) => {
    for (let i = 0; !stopped; i++) {
      const start = performance.now();
      await client.request('send', { to: '*', text: `load ${c}-${i}` });
      const end = performance.now();
      samples.push({ at: end, ms: end - start });
    }
  });
  return {
    samples,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

function describe(label: string, samples: { ms: number }[], seconds: number): string {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return (
    `${label.padEnd(22)} ${String(Math.round(samples.length / seconds)).padStart(6)} acks/s   ack latency ` +
    `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`
  );
}

function runBackup(dataDir: string, file: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [resolve(__dirname, '../apps/ops/src/main.js'), 'backup', file], {
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((res) => child.once('close', (code) => res({ code, out })));
}

async function main(options: Options): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'chat-bench-backup-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  try {
    const fillStart = performance.now();
    await fill(dataDir, options);
    const dbBytes = statSync(join(dataDir, 'chat.db')).size;
    console.log(
      `store: ${options.messages} messages (chat.db ${(dbBytes / 2 ** 20).toFixed(1)} MiB), ${options.files} files of 1 MiB; ` +
        `filled in ${((performance.now() - fillStart) / 1000).toFixed(1)} s; ${cpus().length} cores, Node.js ${process.version}`,
    );
    const edge = await startEdge({ RATE_LIMIT_BURST: '0' }, { dataDir });
    try {
      const tokens = await accounts(edge.port, options.senders);
      const clients = await Promise.all(tokens.map((t) => senderClient(edge.port, t)));
      const load = sendLoad(clients);
      await sleep(1000);
      const baselineFrom = performance.now();
      await sleep(options.seconds * 1000);
      const backupFrom = performance.now();
      const archive = join(root, 'backup.tar.gz');
      const backup = await runBackup(dataDir, archive);
      const backupTo = performance.now();
      await load.stop();
      await Promise.all(clients.map((c) => c.close()));
      if (backup.code !== 0) throw new Error(`backup failed: ${backup.out}`);

      const baseline = load.samples.filter((s) => s.at >= baselineFrom && s.at < backupFrom);
      const during = load.samples.filter((s) => s.at >= backupFrom && s.at <= backupTo);
      console.log(
        `load: ${options.senders} TCP senders, each sending as soon as its last message is acknowledged`,
      );
      console.log(describe('without a backup', baseline, (backupFrom - baselineFrom) / 1000));
      console.log(describe('during the backup', during, (backupTo - backupFrom) / 1000));
      const slowest = [...during].sort((a, b) => b.ms - a.ms).slice(0, 5);
      console.log(
        `slowest acks during the backup: ${slowest
          .map((x) => `${x.ms.toFixed(0)} ms at +${((x.at - x.ms - backupFrom) / 1000).toFixed(2)} s`)
          .join(', ')} (sent at, from the backup's spawn)`,
      );
      console.log(
        `backup process: ${((backupTo - backupFrom) / 1000).toFixed(2)} s from spawn to exit, archive ` +
          `${(statSync(archive).size / 2 ** 20).toFixed(1)} MiB`,
      );
      console.log(`its report: ${backup.out.trim()}`);
    } finally {
      edge.child.kill('SIGTERM');
      await new Promise((r) => edge.child.once('exit', r));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const program = new Command('bench:backup')
  .option('--messages <n>', 'messages in the store', (v) => Number(v), 100_000)
  .option('--files <n>', 'blobs of 1 MiB in the store', (v) => Number(v), 40)
  .option('--senders <n>', 'TCP clients sending while it runs', (v) => Number(v), 8)
  .option('--seconds <n>', 'how long the load runs without a backup, for comparison', (v) => Number(v), 5)
  .parse();

main(program.opts<Options>()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
