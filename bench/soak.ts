/**
 * Soak run (issue 13): the fan-out load (bench/fanout.ts's receivers and senders) for a long time,
 * plus log-ins and log-outs, small uploads and reconnects with `since`; every minute it prints the
 * edge's RSS, its open descriptors, the delivery p99 and the counts. It ends red (exit code 1) when
 * an acknowledged message is missing from the store at the end, or when memory grows without
 * bound: a slope over the minute samples after the first two above `--max-slope` MiB/min, or a
 * final RSS above twice the one after the warm-up.
 *
 *   npm run soak -- --minutes 60
 *   npm run soak -- --minutes 5 --clients 300 --rate 100
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { Command } from 'commander';

import { ChatClient } from '@chat/protocol';

import { HOST, startEdge } from './edge';
import {
  accounts,
  edgeResources,
  openReceiver,
  PASSWORD,
  Receiver,
  senderClient,
  sleep,
  stamp,
} from './load';

interface Options {
  minutes: number;
  clients: number;
  senders: number;
  rate: number;
  sample: number;
  maxSlope: number;
}

const opts = new Command()
  .option('--minutes <n>', 'how long', (v) => Number(v), 60)
  .option('--clients <n>', 'logged-in receivers (senders included)', (v) => Number(v), 300)
  .option('--senders <n>', 'clients that send to everyone', (v) => Number(v), 4)
  .option('--rate <n>', 'messages per second in all (each reaches every client)', (v) => Number(v), 50)
  .option('--sample <n>', 'receivers that measure delivery latency', (v) => Number(v), 20)
  .option(
    '--max-slope <MiB>',
    'RSS growth per minute (after the first two) that counts as a leak',
    (v) => Number(v),
    8,
  )
  .parse()
  .opts<Options>();

/** Acknowledged messages, by seq, with a hash of their msgId: 8 bytes each, in growing blocks. */
class AckLog {
  private seqs = new Float64Array(1 << 16);
  private ids = new Uint32Array(1 << 16);
  public length = 0;

  public add(seq: number, msgId: string): void {
    if (this.length === this.seqs.length) {
      const seqs = new Float64Array(this.length * 2);
      seqs.set(this.seqs);
      const ids = new Uint32Array(this.length * 2);
      ids.set(this.ids);
      this.seqs = seqs;
      this.ids = ids;
    }
    this.seqs[this.length] = seq;
    this.ids[this.length++] = hash(msgId);
  }

  /** The acknowledged messages `stored` (seq → msgId hash) lacks, or has under another id. */
  public missingFrom(stored: Map<number, number>): number[] {
    const missing: number[] = [];
    for (let i = 0; i < this.length; i++)
      if (stored.get(this.seqs[i]) !== this.ids[i]) missing.push(this.seqs[i]);
    return missing;
  }
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The least-squares slope of `ys` over 0, 1, 2, ... (per sample). */
function slope(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

function p99(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] * 10) / 10;
}

const counts = {
  sent: 0,
  acked: 0,
  refused: 0,
  logins: 0,
  uploads: 0,
  reconnects: 0,
  replayed: 0,
  errors: 0,
};

async function main(): Promise<void> {
  const edge = await startEdge({
    RATE_LIMIT_BURST: '0',
    LOGIN_RATE_PER_ADDRESS: '0',
    REGISTER_RATE_PER_ADDRESS: '0',
  });
  const pid = edge.child.pid!;
  let exited: string | null = null;
  edge.child.once('exit', (code, signal) => (exited = `the edge exited with ${signal ?? code}`));
  const port = edge.port;
  const end = performance.now() + opts.minutes * 60_000;
  const running = (): boolean => performance.now() < end && exited === null;
  const acks = new AckLog();
  try {
    console.log(
      `soak: ${opts.minutes} min, ${opts.clients} clients, ${opts.senders} senders, ${opts.rate} messages/s to everyone`,
    );
    const tokens = await accounts(port, opts.clients);
    const receivers = await Promise.all(tokens.map((t, i) => openReceiver(port, t, i < opts.sample)));
    const senders = await Promise.all(tokens.slice(0, opts.senders).map((t) => senderClient(port, t)));

    const loops = [
      send(senders, acks, running),
      churn(port, running),
      uploads(port, tokens[opts.senders] ?? tokens[0], acks, running),
      reconnects(port, tokens, receivers, running),
    ];

    const rss: number[] = [];
    let minute = 0;
    let last = { ...counts };
    let delivered = 0;
    while (running()) {
      await sleep(Math.min(60_000, end - performance.now()));
      if (exited) break;
      minute++;
      const r = edgeResources(pid);
      rss.push(r.rssMiB);
      const latencies = receivers.flatMap((x) => x.latencies ?? []);
      for (const x of receivers) if (x.latencies) x.latencies = [];
      const now = receivers.reduce((n, x) => n + x.count, 0);
      console.log(
        `minute ${minute}: edge RSS ${r.rssMiB} MiB, ${r.fds} descriptors; delivery p99 ${p99(latencies)} ms; ` +
          `sent ${counts.sent - last.sent}, acked ${counts.acked - last.acked}, refused ${counts.refused - last.refused}, ` +
          `delivered ${(now - delivered).toLocaleString()}, logins ${counts.logins - last.logins}, ` +
          `uploads ${counts.uploads - last.uploads}, reconnects ${counts.reconnects - last.reconnects} ` +
          `(replayed ${counts.replayed - last.replayed}), errors ${counts.errors - last.errors}`,
      );
      last = { ...counts };
      delivered = now;
    }
    await Promise.all(loops);
    for (const x of receivers) x.socket.destroy();
    await Promise.all(senders.map((s) => s.close()));

    const failures: string[] = [];
    if (exited) failures.push(exited);
    const lost = exited ? [] : await lostMessages(port, tokens[0], acks);
    console.log(`acknowledged ${acks.length.toLocaleString()} messages; lost = ${lost.length}`);
    if (lost.length > 0)
      failures.push(`${lost.length} acknowledged messages lost (seq ${lost.slice(0, 10).join(', ')} ...)`);
    const growth = rss.length > 3 ? slope(rss.slice(2)) : 0;
    console.log(
      `RSS by minute: ${rss.join(', ')} MiB; slope after the first two minutes ${growth.toFixed(2)} MiB/min`,
    );
    if (growth > opts.maxSlope)
      failures.push(`RSS grows ${growth.toFixed(1)} MiB/min (limit ${opts.maxSlope})`);
    const warm = rss[Math.min(1, rss.length - 1)];
    if (rss.length > 0 && rss[rss.length - 1] > 2 * warm)
      failures.push(
        `RSS ${rss[rss.length - 1]} MiB at the end, more than twice ${warm} MiB after the warm-up`,
      );
    if (failures.length > 0) {
      console.error(`SOAK FAILED:\n  - ${failures.join('\n  - ')}`);
      process.exitCode = 1;
    } else console.log('soak passed');
  } finally {
    if (!exited) {
      const gone = new Promise((r) => edge.child.once('exit', r));
      edge.child.kill('SIGTERM');
      await gone;
    }
  }
}

/** The senders share `--rate` messages a second to everyone, each acknowledged send logged. */
async function send(senders: ChatClient[], acks: AckLog, running: () => boolean): Promise<void> {
  const start = performance.now();
  let due = 0;
  const inflight = new Set<Promise<void>>();
  while (running()) {
    const target = Math.floor(((performance.now() - start) / 1000) * opts.rate);
    for (; due < target; due++) {
      const sender = senders[due % senders.length];
      counts.sent++;
      const p = sender
        .request('send', { to: '*', text: stamp() })
        .then((ok) => {
          counts.acked++;
          acks.add(ok.seq, ok.msgId);
        })
        .catch(() => void counts.refused++)
        .finally(() => inflight.delete(p));
      inflight.add(p);
      // A stalled edge must not grow the soak's own memory: wait for the replies.
      if (inflight.size > 1_000) await Promise.race(inflight);
    }
    await sleep(5);
  }
  await Promise.all(inflight);
}

/** Every 2 s a user logs in (by password, then by token every other time), asks who is on, and logs out. */
async function churn(port: number, running: () => boolean): Promise<void> {
  let token: string | undefined;
  for (let i = 0; running(); i++) {
    try {
      const c = await ChatClient.connect({ host: HOST, port });
      const reply =
        token && i % 2 === 1
          ? await c.request('login', { token })
          : await c.request('login', { user: 'bench0', password: PASSWORD });
      token = reply.token;
      await c.request('who', {});
      counts.logins++;
      await c.request('logout', {}).catch(() => undefined);
      c.destroy();
    } catch {
      counts.errors++;
    }
    await sleep(2_000);
  }
}

/** Every 3 s a file of 1 to 64 KiB goes up (offer, chunks, done) and is sent to everyone. */
async function uploads(port: number, token: string, acks: AckLog, running: () => boolean): Promise<void> {
  let client: ChatClient | undefined;
  while (running()) {
    try {
      client ??= await senderClient(port, token);
      const file = await client.upload(randomBytes(1024 + Math.floor(Math.random() * 63 * 1024)), {
        name: 'soak.bin',
      });
      counts.sent++;
      const ok = await client.request('send', { to: '*', fileId: file.fileId, text: stamp() });
      counts.acked++;
      acks.add(ok.seq, ok.msgId);
      counts.uploads++;
    } catch {
      counts.errors++;
      client?.destroy();
      client = undefined;
    }
    await sleep(3_000);
  }
  await client?.close();
}

/**
 * Every second a receiver (not a sampled one) drops its connection and comes back with `since`
 * a little behind, as a client after a network blip does; a ChatClient does it every 10 s and
 * counts the messages replayed to it.
 */
async function reconnects(
  port: number,
  tokens: string[],
  receivers: Receiver[],
  running: () => boolean,
): Promise<void> {
  let seq = 0;
  for (let i = 0; running(); i++) {
    const k = opts.sample + (i % Math.max(1, receivers.length - opts.sample - opts.senders));
    try {
      if (k < receivers.length) {
        receivers[k].socket.destroy();
        const fresh = await openReceiver(port, tokens[k], false, Math.max(0, seq - 20));
        fresh.count = receivers[k].count;
        receivers[k] = fresh;
        counts.reconnects++;
      }
      if (i % 10 === 0) {
        const c = await ChatClient.connect({ host: HOST, port });
        const replayed: number[] = [];
        c.on('message', (m) => replayed.push(m.seq));
        const login = await c.request('login', {
          token: tokens[k] ?? tokens[0],
          since: Math.max(0, seq - 50),
        });
        await sleep(200);
        counts.replayed += replayed.length;
        seq = login.seq;
        c.destroy();
      }
    } catch {
      counts.errors++;
    }
    await sleep(1_000);
  }
}

/** Pages the everyone-chat's history from the newest back and names the acknowledged messages not in it. */
async function lostMessages(port: number, token: string, acks: AckLog): Promise<number[]> {
  const c = await senderClient(port, token);
  const stored = new Map<number, number>();
  let before: number | undefined;
  for (;;) {
    const { messages } = await c.request('history', { with: '*', limit: 200, ...(before ? { before } : {}) });
    for (const m of messages) stored.set(m.seq, hash(m.msgId));
    if (messages.length < 200) break;
    before = messages[0].seq;
  }
  await c.close();
  return acks.missingFrom(stored);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
